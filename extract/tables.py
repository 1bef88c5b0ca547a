"""Cells of plain-text tables as figures, with the row label and the column header.

Why a module: a table states its unit once (column header, row label, caption or "đơn vị:
thẻ") and its year in the header, so its cells are read differently from prose numbers.
"""

from __future__ import annotations

import itertools

import regex

from extract import patterns as P
from extract.found import TABLE_CONFIDENCE, Found
from extract.numbers import money_to_vnd, parse_number
from extract.provenance import box_for, line_quality, ocr_risk
from extract.structure import Flow, Section, section_at
from extract.table_layout import SERIAL_HEAD, Table
from extract.table_units import cell_unit, unit_column_value
from extract.timeline import TimeContext, TimeMark, time_at
from extract.units import Unit
from extract.units_ocr import unit_after
from schemas import Figure

_HEADER_YEAR = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")
_HEADER_PERIOD = regex.compile(r"(?P<y1>(?:19|20)\d{2})\s*[-–]\s*(?P<y2>(?:19|20)\d{2})")


def _latest_header_year(header: list[str]) -> int | None:
    years = [int(m["year"]) for head in header for m in _HEADER_YEAR.finditer(head)
             if not _COMPARED_HEAD.search(head[:m.start()])]
    return max(years) if years else None


_SIGNED_CELL = regex.compile(r"(?P<sign>[+-])\s?(?P<number>\d[\d.]*(?:,\d+)?%?)")
_COMPARED_HEAD = regex.compile(r"\bso\s+với\s+(?:năm\s+)?$", regex.IGNORECASE)
_CELL_FRACTION = regex.compile(r"(?P<num>\d{1,4})\s*/\s*(?P<of>\d{1,4})")
_CELL_RANGE = regex.compile(
    r"(?P<low>\d[\d.]*(?:,\d+)?)\s*(?P<percent>%?)\s*[-–]\s*(?P<high>\d[\d.]*(?:,\d+)?)\s*%?")
_UNGROUPED = regex.compile(r"\d{4,}")
_LARGE = regex.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{4,}")
_COMMA_FOR_DOT = regex.compile(r"\d{1,3},\d{3}")
_HAS_SEPARATOR = regex.compile(r"[.,]")

# A table's cells by header column: (row index, cell text) in row order.
Columns = dict[int, list[tuple[int, str]]]


def _columns(table: Table, heads_by_row: list[list[int]]) -> Columns:
    cells: Columns = {}
    for index, (row, heads) in enumerate(zip(table.rows, heads_by_row, strict=True)):
        for (cell, _, _), head in zip(row, heads, strict=True):
            cells.setdefault(head, []).append((index, cell))
    return cells


def _others(columns: Columns, head: int, row_index: int) -> list[str]:
    """The other cells of this cell's column."""
    return [cell for index, cell in columns.get(head, []) if index != row_index]


def _skipped_columns(columns: Columns) -> set[int]:
    """Columns that hold no figures whatever their header says: every value a year ("Năm đạt
    NTM": 2017, 2018, 2020), or serial numbers 1, 2, 3... (an OCR'd header that lost "TT")."""
    skipped = set()
    for head, cells in columns.items():
        numbers = [c for _, c in cells if parse_number(c) is not None]
        if len(numbers) >= 2 and all(_HEADER_YEAR.fullmatch(c) for c in numbers):
            skipped.add(head)
        serials = [int(c) for c in numbers if c.isdigit()]
        if len(serials) >= 3 and len(serials) == len(numbers) and \
                all(b == a + 1 for a, b in itertools.pairwise(serials)):
            skipped.add(head)
    return skipped


def _fraction_column(columns: Columns, head: int) -> bool:
    """Fractions ("19/19") are cells of a column of fractions; one alone ("7/310" in a column
    of counts) is OCR damage."""
    cells = columns.get(head, [])
    return sum(1 for _, c in cells if _CELL_FRACTION.fullmatch(c)) >= min(2, len(cells))


def _breaks_grouping_column(cell: str, others: list[str]) -> bool:
    """A bare 4-digit value ("2019") where the column's other large values group thousands
    ("1.874", "1.206"): OCR lost the dot (the digits are then usually right) or misread the
    cell ("2019" read from "2.315"); the figure is kept but marked."""
    if not _UNGROUPED.fullmatch(cell):
        return False
    large = [c for c in others if _LARGE.fullmatch(c)]
    return len(large) >= 2 and all("." in c for c in large)


def _comma_for_dot(cell: str, others: list[str]) -> bool:
    """"72,905" where the column's other values group thousands with dots and have no
    decimals: the comma is a misread dot, and which is right is unsure."""
    if not _COMMA_FOR_DOT.fullmatch(cell):
        return False
    numeric = [c for c in others if parse_number(c) is not None]
    return len(numeric) >= 2 and not any("," in c for c in numeric) and \
        any("." in c for c in numeric)


def _breaks_decimal_column(cell: str, others: list[str]) -> bool:
    """Every other value of the column has a decimal comma and this one has none."""
    if "," in cell:
        return False
    numeric = [c for c in others if parse_number(c.rstrip("%")) is not None]
    return len(numeric) >= 2 and all("," in c for c in numeric)


def table_figures(table: Table, flow: Flow, lines: dict, sections: list[Section],
                  marks: list[TimeMark], default: TimeContext,
                  ocr_tolerant: bool = False) -> list[Found]:
    """Cells of a table → figures, with the row label as subject and the column's year.

    The unit comes from the column header ("Số hộ nghèo", "Kinh phí (triệu đồng)") or, failing
    that, from the row label or the caption; a column with no recognisable unit gives nothing.
    Columns that are serial numbers ("TT", "STT") are skipped.
    """
    out: list[Found] = []
    header = table.header
    heads_by_row = [[table.head_index(row, col, flow) for col in range(len(row))]
                    for row in table.rows]
    columns = _columns(table, heads_by_row)
    skipped_columns = _skipped_columns(columns)
    for row_index, (row, heads) in enumerate(zip(table.rows, heads_by_row, strict=True)):
        if not row:
            continue
        label_cells = [c for c in row if c[0] and parse_number(c[0]) is None
                       and not _CELL_FRACTION.fullmatch(c[0])]
        label = label_cells[0][0] if label_cells else ""
        row_unit = unit_column_value(header, row, heads)
        for col, (cell, start, end) in enumerate(row):
            value_max = None
            signed = None
            if ranged := _CELL_RANGE.fullmatch(cell):  # "5,6 - 5,8": a target range
                value, value_max = parse_number(ranged["low"]), parse_number(ranged["high"])
                if value is None or value_max is None or value_max <= value:
                    continue
                if ocr_tolerant and value_max > 3 * value:
                    continue  # "2-215", "410-1520": two cells OCR ran together, not a range
                if ranged["percent"]:
                    cell = cell + "%" if not cell.endswith("%") else cell
            else:
                signed = _SIGNED_CELL.fullmatch(cell)  # "+484", "-4.645": a change column
                value = parse_number((signed["number"] if signed else cell).rstrip("%").strip())
            if value is None and cell.endswith(".") and _HAS_SEPARATOR.search(cell[:-1]):
                value = parse_number(cell[:-1])  # "6.807.", "1,86.": a speck after the number
            others = _others(columns, heads[col], row_index)
            if value is not None and ocr_tolerant and (_breaks_decimal_column(row[col][0], others)
                                                       or _comma_for_dot(row[col][0], others)):
                continue  # "71" among "8,6", "10,3": OCR lost the decimal comma; "72,905"
                # among "186.420", "97.350": OCR read the thousands dot as a comma
            ungrouped = value is not None and ocr_tolerant and \
                _breaks_grouping_column(row[col][0], others)
            in_cell = None
            if value is None and (number := P.NUMBER.match(cell)):
                in_cell = unit_after(cell, number.end())  # "120 hộ": the cell names its unit
                if in_cell is not None and in_cell.end >= len(cell.rstrip(" .;,")):
                    value = parse_number(number["num"])
            whole = None
            if value is None and (fraction := _CELL_FRACTION.fullmatch(cell)):
                value, whole = float(fraction["num"]), float(fraction["of"])
                if value > whole or not _fraction_column(columns, heads[col]):
                    continue
            if value is None:
                continue
            head_index = heads[col]
            if head_index < 0:
                continue  # the row cannot be aligned with the header
            if head_index in skipped_columns:
                continue  # years ("Năm đạt NTM: 2017, 2018") or serial numbers
            head = header[head_index] if head_index < len(header) else ""
            if SERIAL_HEAD.fullmatch(head):
                continue
            if col == 0 and not head:
                continue
            unit = in_cell or cell_unit(header, head_index, label, row_unit, table.caption,
                                        table.note, ocr_tolerant)
            if cell.endswith("%"):
                unit = Unit("percent", 0)
            if unit is None:
                continue
            if ocr_tolerant and unit.unit == "percent" and value > 150 and "," not in cell:
                continue  # "845" read from "84,5": a rate that lost its decimal comma
            year = None
            period = None
            if y := _HEADER_PERIOD.search(head):
                period = f"{y['y1']}-{y['y2']}"
            elif (y := _HEADER_YEAR.search(head)) and \
                    not _COMPARED_HEAD.search(head[:y.start()]):
                year = int(y["year"])
            elif y and (latest := _latest_header_year(header)):
                year = latest  # "Tăng so với năm 2023" beside "Năm 2024": the change in 2024
            else:
                # The header's years belong to their own columns: take the time in force
                # where the table begins.
                table_start = flow.lines[table.line_indices[0]].start
                section = section_at(sections, table_start)
                when = time_at(table_start, marks, section, flow.text, default, forward=False)
                year, period = when.year, when.period
            index = flow.line_at(start)
            ref = flow.lines[index]
            line = lines[(ref.page, ref.line)]
            q_start, q_end = start - ref.start, end - ref.start
            notes = [f"table cell: row {label!r}, column {head!r}"]
            if signed:
                notes.append(f"a change: {'increase' if signed['sign'] == '+' else 'decrease'} "
                             f"of {value:g}")
            if whole is not None:
                notes.append(f"of {whole:g}")
            vnd = money_to_vnd(value, unit.money_unit) if unit.unit == "money" else None
            vnd_max = money_to_vnd(value_max, unit.money_unit) \
                if unit.unit == "money" and value_max is not None else None
            if unit.unit == "percent" and value > 100:
                notes.append("growth")
            factor, ocr_notes = ocr_risk(line, q_start, q_end, cell)
            if ocr_tolerant:
                quality, quality_notes = line_quality(line)
                factor *= quality
                ocr_notes += quality_notes
            if ungrouped:
                # "2019" read from "2.315", "421390" from "42.130": a year-like or long number
                # is more often misread than merely missing its dot
                digits = len(cell.strip("."))
                factor *= 0.5 if digits >= 5 or _HEADER_YEAR.fullmatch(cell) else 0.7
                ocr_notes.append("ocr: no thousands dot where the column has them; check the "
                                 "number")
            section = section_at(sections, start)
            figure = Figure(
                unit=unit.unit, value=value, value_max=value_max, money_unit=unit.money_unit,
                vnd=vnd, vnd_max=vnd_max,
                year=year, period=period, subject=" ".join(f"{label} {head}".split()) or None,
                section=section.title if section else None, quote=ref.text[q_start:q_end],
                page=ref.page, line=ref.line, start=q_start, end=q_end,
                box=box_for(line, q_start, q_end),
                confidence=round(TABLE_CONFIDENCE * factor, 3), notes=notes + ocr_notes,
            )
            out.append(Found(figure, start, end))
    return out
