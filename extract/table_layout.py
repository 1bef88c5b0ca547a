"""Plain-text tables: where they are, their header and rows, cells with offsets in the flow.

Why a module: reports carry tables three ways: cells between rules (" | "), columns aligned
by runs of spaces, and, once OCR has read them, rows whose columns collapsed to single spaces.
Each needs its own reading, but all end as one Table (header, rows, caption, note) that
extract.tables turns into figures. OCR damage is expected everywhere: rules read as brackets,
specks between cells, a header over two lines, a damaged row in the middle of a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extract import patterns as P
from extract.numbers import parse_number
from extract.structure import Flow


@dataclass(frozen=True)
class Table:
    """A plain-text table: a header row and data rows, each a list of cells with flow offsets."""

    header: list[str]
    rows: list[list[tuple[str, int, int]]]  # (cell text, flow start, flow end)
    line_indices: list[int]
    caption: str
    # Where the header cells sit (flow offsets) when columns are aligned by spaces: a row that
    # leaves a cell empty is then matched to the header by position, not by count.
    header_spans: list[tuple[int, int]] = field(default_factory=list)
    note: str = ""  # a bracketed note right under the table ("(... tính theo người)")

    def head_index(self, row: list[tuple[str, int, int]], col: int, flow: Flow) -> int:
        """The header column of cell ``col`` of ``row``.

        Space-aligned tables: the header cell the value sits under. Otherwise by count: a row
        with more cells than the header has extra label cells on the left; a row with fewer
        has a label spanning the serial-number column ("Tổng cộng | 355.754 | 8.398" under
        "TT | Chương trình | Dư nợ | Số hộ"), so its values align on the right.
        """
        if self.header_spans and col > 0:
            cell_start, cell_end = row[col][1], row[col][2]
            line_start = flow.lines[flow.line_at(cell_start)].start
            head_line_start = flow.lines[flow.line_at(self.header_spans[0][0])].start
            a, b = cell_start - line_start, cell_end - line_start
            best, best_score = col, None
            for index, (h_start, h_end) in enumerate(self.header_spans):
                c, d = h_start - head_line_start, h_end - head_line_start
                overlap = min(b, d) - max(a, c)
                distance = abs((a + b) / 2 - (c + d) / 2)
                score = (overlap > 0, overlap if overlap > 0 else -distance)
                if best_score is None or score > best_score:
                    best, best_score = index, score
            return best
        offset = len(row) - len(self.header)
        if offset > 0:
            labels = 0
            if len(row) > 1 and regex.fullmatch(r"\d{1,3}\.?|[IVX]{1,4}\.?", row[0][0]) and \
                    parse_number(row[1][0]) is None:
                labels = 1  # "3 | Số hộ thoát nghèo | 45": a serial the header gives no column
            while labels < len(row) and parse_number(row[labels][0]) is None:
                labels += 1
            # extra cells are labels on the left ("1 | a) | Hộ nghèo | 120"); a row with an extra
            # number ("300 0 | 12": a speck) cannot be aligned and gives nothing
            return col - offset if labels > offset else -1
        if offset < 0 and col > 0:
            return col - offset
        return col


# A bracket or "!" next to a cell's number in a row that has rules: a rule OCR misread. One
# character for one, so offsets in the line stay right.
_OCR_PIPE = regex.compile(r"[\\{}\[\]°]|(?<=\d\s?)!(?=\s?[\d-]|\s*$)|(?<=\|\s?)!"
                          r"|(?<=\d\s)\((?=\d[\d.,]*\s*(?:\||$))")


def _split_cells(text: str) -> tuple[list[tuple[str, int, int]], str] | None:
    """Cells of a table row with their offsets in the line; None when it is not a row."""
    stripped = text.strip()
    if not stripped:
        return None
    if "|" in stripped and stripped.count("|") >= 1:
        splitter, kind = P.TABLE_SPLIT_PIPE, "pipe"
        text = _OCR_PIPE.sub("|", text)  # "|3]1]175": OCR reads a rule as a bracket
    elif P.TABLE_SPLIT_SPACES.search(stripped):
        splitter, kind = P.TABLE_SPLIT_SPACES, "space"
    else:
        return None
    cells: list[tuple[str, int, int]] = []
    position = 0
    for piece in splitter.split(text):
        index = text.find(piece, position) if piece else position
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            cells.append((piece.strip(), index + lead, index + lead + len(piece.strip())))
        elif kind == "pipe":  # an empty cell between rules keeps its column
            cells.append(("", index, index))
        position = index + len(piece)
    if sum(1 for c in cells if c[0]) < 2:
        return None
    return cells, kind


def _header_line_above(flow: Flow, index: int, head_cells: list) -> list[str] | None:
    """The first line of a space-aligned header over two lines ("Năm   Năm   Tỷ lệ" above
    "Xã   2023   2024   2024/2023 (%)"): each of its words sits over a header cell. Returns
    the words to put before each header cell, or None."""
    if index == 0:
        return None
    return _words_over_cells(flow.lines[index - 1].text, head_cells, min_pieces=2)


def _words_over_cells(text: str, head_cells: list, min_pieces: int = 1) -> list[str] | None:
    """The words of a header line, each put with the one header cell it sits over or under;
    None when the line holds numbers other than years, a word spans two cells, or it is a
    caption ("ĐVT: người"). Above a header a line needs two pieces to be part of it."""
    if "|" in text or ":" in text or not text.strip():
        return None
    pieces = [(m.group(), m.start(), m.end()) for m in _SPACED_PIECE.finditer(text)]
    if len(pieces) < min_pieces:
        return None
    if any(parse_number(c) is not None and not _YEAR_TOKEN.fullmatch(c) for c, _, _ in pieces):
        return None
    above = [""] * len(head_cells)
    for words, start, end in pieces:
        over = [i for i, (_, s, e) in enumerate(head_cells) if min(end, e) - max(start, s) > 0]
        if len(over) != 1:
            return None
        above[over[0]] = f"{above[over[0]]} {words}".strip()
    return above


_SPACED_PIECE = regex.compile(r"\S+(?: \S+)*")  # words apart by one space belong together


def _drop_border_columns(rows: list) -> None:
    """"| Xã | 2023 |": rules at both ends of every row are borders, not empty columns."""
    for end in (0, -1):
        if all(cells and not cells[end][0] for _, cells, _ in rows):
            for _, cells, _ in rows:
                del cells[end]
    width = len(rows[0][1])
    for _, cells, _ in rows[1:]:  # "74 |": a stray rule after the last cell
        while len(cells) > width and not cells[-1][0]:
            del cells[-1]


def _header_lines(rows: list) -> int:
    """How many rows the header spans: "Số | Số học" over "lớp | viên" (the continuation
    has no numbers and its words go on in lower case)."""
    count = 1
    for _, cells, _ in rows[1:3]:
        words = [c for c, _, _ in cells[1:] if c]
        if len(cells) != len(rows[0][1]) or not words or \
                any(not _YEAR_TOKEN.fullmatch(c) and (parse_number(c.rstrip("%")) is not None
                                                      or not regex.match(r"[\p{Ll}(%]", c))
                    for c in words) or \
                all(_YEAR_TOKEN.fullmatch(c) for c in words) and len(words) < 2:
            break  # the years of "Thực hiện | Ước TH" may sit on the line below
        count += 1
    return count


def find_tables(flow: Flow) -> list[Table]:
    """Runs of at least three lines that split into the same number (≥ 2) of cells.

    Columns are recognised by " | " or by runs of two or more spaces, the two ways plain text
    carries a table. The first row is the header; a row needs a number in some cell after the
    first to be data (a header or a caption row has none).
    """
    tables: list[Table] = []
    rows: list[tuple[int, list[tuple[str, int, int]], str]] = []

    def close() -> None:
        if rows and rows[0][2] == "pipe":
            _drop_border_columns(rows)
        heads = _header_lines(rows) if rows else 1
        if len(rows) >= heads + 2 and _has_numbers(rows[heads:]):
            header = [" ".join(c for c in parts if c) for parts in
                      zip(*[[c for c, _, _ in cells] for _, cells, _ in rows[:heads]])]
            head_start = flow.lines[rows[0][0]].start
            spans = [(head_start + s, head_start + e) for _, s, e in rows[0][1]] \
                if rows[0][2] == "space" else []
            caption_above = rows[0][0]
            if spans and (above := _header_line_above(flow, rows[0][0], rows[0][1])):
                header = [f"{a} {h}".strip() for a, h in zip(above, header, strict=True)]
                caption_above -= 1
            caption = _caption(flow, caption_above)
            data = [
                [(c, flow.lines[i].start + s, flow.lines[i].start + e) for c, s, e in cells]
                for i, cells, _ in rows[heads:]
            ]
            tables.append(Table(header, data, [i for i, _, _ in rows], caption, spans,
                                _note(flow, rows[-1][0])))
        rows.clear()

    for index, ref in enumerate(flow.lines):
        split = _split_cells(ref.text)
        if len(rows) == 1 and rows[0][2] == "space" and not _is_group_line(ref.text) and \
                (below := _words_over_cells(ref.text, rows[0][1])):
            # "Trong đó   Có việc" over "nữ   làm": the header goes on below; its words join
            # the cells they sit under (offsets stay the first line's, where values align)
            rows[0] = (rows[0][0], [(f"{c} {w}".strip(), s, e) for (c, s, e), w in
                                    zip(rows[0][1], below, strict=True)], "space")
            continue
        if split and (not rows or (split[1] == rows[-1][2] and
                                   abs(len(split[0]) - len(rows[0][1])) <= 1)):
            rows.append((index, split[0], split[1]))
            continue
        if rows and _group_heading_inside(flow, index, rows):
            continue  # "a) Nhóm nghề nông nghiệp" between rows: the table goes on below it
        if split and len(rows) >= 2 and split[1] == rows[-1][2] and \
                _continues(flow, index + 1, rows):
            continue  # one row OCR damaged out of shape: the table goes on below it
        close()
        if split:
            rows.append((index, split[0], split[1]))
    close()
    taken = {i for t in tables for i in t.line_indices}
    tables += find_single_spaced_tables(flow, taken)
    return sorted(tables, key=lambda t: t.line_indices[0])


def _continues(flow: Flow, index: int, rows: list) -> bool:
    """Is line ``index`` a row of the table being read (same kind, about as many cells)?"""
    if index >= len(flow.lines):
        return False
    following = _split_cells(flow.lines[index].text)
    return following is not None and following[1] == rows[-1][2] and \
        abs(len(following[0]) - len(rows[0][1])) <= 1


def _group_heading_inside(flow: Flow, index: int, rows: list) -> bool:
    """A line without cells that groups the rows below it ("a) Nhóm nghề nông nghiệp",
    "II. Hộ cận nghèo"): short, no digits, and the next line is a row of the same table."""
    text = flow.lines[index].text.strip()
    if not text or len(text) > 70 or regex.search(r"\d", text):
        return False
    return _continues(flow, index + 1, rows)


_NUMERIC_TOKEN = regex.compile(
    r"[+-]?(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?%?|\d+(?:,\d+)?%?)|\d{1,4}/\d{1,4}")
_JUNK_TOKEN = regex.compile(r"[^\p{L}\p{N}]+")
_YEAR_TOKEN = regex.compile(r"(?:19|20)\d{2}")


def _numeric_tail(text: str) -> tuple[list[tuple[str, int, int]], int] | None:
    """(numeric cells at the end of a line, where the label ends), ignoring trailing specks.

    OCR prints a table's columns with single spaces ("Đức Nhuận 215 03 01 :"), so a row is a
    label followed by numbers; specks after a lone punctuation token are dropped, and lone
    punctuation before the numbers (": Hộ nghèo : 1.874", "nghèo © 291") is passed over.
    """
    tokens = list(regex.finditer(r"\S+", text))
    first_number = next((i for i, t in enumerate(tokens) if _NUMERIC_TOKEN.fullmatch(t.group())),
                        len(tokens))
    for i, token in enumerate(tokens):
        if i > first_number and _EMPTY_CELL.fullmatch(token.group()):
            continue  # "38,50 37,86 -": a dash holds an empty cell's place
        if i > 0 and _JUNK_TOKEN.fullmatch(token.group()):
            if any(_NUMERIC_TOKEN.fullmatch(t.group()) for t in tokens[i + 1:]):
                continue  # a speck inside the label (": Hộ nghèo : 1.874 98.412")
            tokens = tokens[:i]
            break
    tokens = [t for i, t in enumerate(tokens) if i == 0 or not _JUNK_TOKEN.fullmatch(t.group())
              or (i > first_number and _EMPTY_CELL.fullmatch(t.group()))]
    tail_end: list[tuple[str, int, int]] = []
    if len(tokens) > 2 and regex.fullmatch(r"\p{Ll}", tokens[-1].group()) and \
            _NUMERIC_TOKEN.fullmatch(tokens[-2].group()):
        tokens = tokens[:-1]  # "7.105 124 236 a": a speck read as a letter after the last cell
    elif len(tokens) > 3 and regex.fullmatch(r"\p{Ll}{2,3}", tokens[-1].group()) and \
            all(_NUMERIC_TOKEN.fullmatch(t.group()) for t in tokens[-3:-1]):
        last = tokens[-1]  # "7.105 124 236 ấp": a last cell OCR misread as a short word holds
        tail_end = [(last.group(), last.start(), last.end())]  # its place (see _regular_rows)
        tokens = tokens[:-1]
    tail: list[tuple[str, int, int]] = []
    for token in reversed(tokens):
        # "7." or "B12" holds a cell's place (OCR damaged it) but is not read as a value.
        if not (_NUMERIC_TOKEN.fullmatch(token.group().rstrip(".:;")) or _damaged_cell(token.group())
                or _EMPTY_CELL.fullmatch(token.group())):
            break
        tail.insert(0, (token.group(), token.start(), token.end()))
    if not tail or len(tail) == len(tokens):
        return None
    return tail + tail_end, tokens[len(tokens) - len(tail) - 1].end()


_EMPTY_CELL = regex.compile(r"[-–]")


def _damaged_cell(token: str) -> bool:
    """A short token of digits with one letter or mark OCR put in ("B12" for "3,12")."""
    digits = sum(c.isdigit() for c in token)
    return 2 <= len(token) <= 8 and digits >= len(token) - 1 and digits >= 1


def _header_columns(text: str, columns: int) -> list[str] | None:
    """Split a single-spaced header into a label head and ``columns`` column heads.

    Column heads start with a capital letter ("Xã Vận động (triệu đồng) Nhà xây mới Nhà sửa
    chữa") or are years ("Nhóm đối tượng 2021 2022 2023 2024"); any other count of pieces is
    ambiguous and the table is left alone.
    """
    tokens = text.split()
    years = [t for t in tokens if _YEAR_TOKEN.fullmatch(t)]
    if len(years) == columns and all(_YEAR_TOKEN.fullmatch(t) for t in tokens[-columns:]):
        return [" ".join(tokens[:-columns])] + tokens[-columns:]
    pieces: list[list[str]] = []
    for token in tokens:
        # a capital starts a head ("Kế hoạch"), so does a date ("31/12/2023")
        if not pieces or regex.match(r"\p{Lu}", token) or _DATE_TOKEN.fullmatch(token):
            pieces.append([token])
        else:
            pieces[-1].append(token)
    heads = [" ".join(p) for p in pieces]
    for i in range(len(heads) - 1, 0, -1):  # "Tỷ lệ KH (%)": an acronym and a bracket go on
        if regex.fullmatch(r"\p{Lu}{2,4} \([^()]*\)", heads[i]) and \
                not _serial_or_unit(heads[i - 1]):
            heads[i - 1:i + 1] = [f"{heads[i - 1]} {heads[i]}"]
    if len(heads) != columns + 1 and len(years) == columns and \
            _YEAR_TOKEN.fullmatch(tokens[-1]) and (anchored := _year_anchored(tokens, columns)):
        heads = anchored
    if len(heads) > columns + 1:  # "TT Chỉ tiêu ĐVT Kế hoạch ...": columns with no numbers
        has_unit = any(UNIT_HEAD.fullmatch(h) for h in heads)
        heads = [h for h in heads if not _serial_or_unit(h)] \
            + (["ĐVT"] if has_unit else [])
        if has_unit and len(heads) == columns + 2:  # the unit column: after the label
            return [heads[0], heads[-1]] + heads[1:-1]
    if len(heads) == columns + 1:
        return heads
    return None


_DATE_TOKEN = regex.compile(r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}")


def _year_anchored(tokens: list[str], columns: int) -> list[str] | None:
    """"TT Chỉ tiêu ĐVT TH 2023 Ước TH 2024 KH 2025": each column head ends with its year;
    the first begins at the last capitalised word before the first year."""
    ends = [i for i, t in enumerate(tokens) if _YEAR_TOKEN.fullmatch(t)]
    first = ends[0]
    start = next((i for i in range(first - 1, -1, -1) if regex.match(r"\p{Lu}", tokens[i])
                  and not _serial_or_unit(tokens[i])), None)
    if start is None or start == 0:
        return None
    label = [t for t in tokens[:start] if not _serial_or_unit(t)]
    unit = ["ĐVT"] if any(UNIT_HEAD.fullmatch(t) for t in tokens[:start]) else []
    heads, begin = [], start
    for end in ends:
        heads.append(" ".join(tokens[begin:end + 1]))
        begin = end + 1
    return [" ".join(label)] + heads + unit if len(heads) == columns else None


UNIT_HEAD = regex.compile(r"\s*(?:[ĐD]VT|Đơn\s+vị(?:\s+tính)?)\s*", regex.IGNORECASE)
SERIAL_HEAD = regex.compile(r"\s*(?:S?TT|Số\s+TT|#)\s*", regex.IGNORECASE)  # row numbers


def _serial_or_unit(head: str) -> bool:
    """A column of row numbers or of units: it holds no values."""
    return bool(SERIAL_HEAD.fullmatch(head) or UNIT_HEAD.fullmatch(head))

_GROUP_LINE = regex.compile(r"\s*(?:[IVX]{1,4}\.?|[a-zđ]\)|[A-Z]\.)\s+\p{Lu}[^\d]{0,60}")


def _is_group_line(text: str) -> bool:
    """"I Kinh tế", "b) Nhóm nghề phi nông nghiệp": a line grouping the table rows below it."""
    return bool(_GROUP_LINE.fullmatch(text.rstrip()))


def find_single_spaced_tables(flow: Flow, taken: set[int]) -> list[Table]:
    """Tables whose columns OCR collapsed to single spaces: label + the same count (≥ 2) of
    numbers on at least two consecutive lines, under a header that splits into as many heads."""
    tables: list[Table] = []
    index = 0
    lines = flow.lines
    while index < len(lines):
        run: list[tuple[int, list[tuple[str, int, int]], int]] = []
        while index < len(lines) and index not in taken:
            tail = _numeric_tail(lines[index].text)
            if (tail is None or len(tail[0]) < 2) and run and \
                    (_damaged_row(lines, index, taken) or _is_group_line(lines[index].text)):
                index += 1  # a row OCR damaged beyond reading, or a group line: the table goes on
                continue
            if tail is None or len(tail[0]) < 2:
                break
            if all(_YEAR_TOKEN.fullmatch(c) for c, _, _ in tail[0]):
                break  # a header of years, not a row
            run.append((index, tail[0], tail[1]))
            index += 1
        run = _regular_rows(run)
        if len(run) >= 2:
            table = _single_spaced_table(flow, run)
            if table is not None:
                tables.append(table)
        index += 1 if not run else 0
    return tables


def _damaged_row(lines: list, index: int, taken: set[int]) -> bool:
    """A line with a number on it, between table rows, that OCR damaged beyond reading
    ("Lợi An 3.254 mà Be 145 ân"): the next line is a row again."""
    following = index + 1
    if not regex.search(r"\d", lines[index].text) or following >= len(lines) or \
            following in taken:
        return False
    tail = _numeric_tail(lines[following].text)
    return tail is not None and len(tail[0]) >= 2


def _regular_rows(run: list) -> list:
    """The rows of a run that have the run's usual number of cells.

    OCR adds a speck after a row ("3.318 7") or loses a cell; a trailing one-character extra is
    dropped, and rows still of another length give nothing rather than misaligned cells.
    """
    if not run:
        return run
    lengths = [len(cells) for _, cells, _ in run]
    usual = max(set(lengths), key=lambda n: (lengths.count(n), -n))
    rows = []
    for index, cells, label_end in run:
        if len(cells) == usual + 1 and (len(cells[-1][0]) == 1 or
                                        parse_number(cells[-1][0].rstrip(".:;")) is None):
            cells = cells[:-1]
        if len(cells) == usual:
            rows.append((index, cells, label_end))
    return rows


_HEAD_PIECE = regex.compile(r"\([^()]*\)|\S+")


def _two_line_header(upper: str, lower: str, columns: int) -> list[str] | None:
    """A header OCR read over two lines with its columns collapsed:

        Dư nợ          Số hộ        Nợ quá hạn
        TT Chương trình (triệu đồng) còn dư nợ (triệu đồng)

    The upper line splits by capitals into one head per column; the lower one is the label
    head, then, from its first year or bracketed unit, one piece per column (a bracketed unit,
    a year, or a run of plain words). Any other count of pieces is ambiguous: None.
    """
    if any(_NUMERIC_TOKEN.fullmatch(t) and not _YEAR_TOKEN.fullmatch(t) for t in upper.split()):
        return None  # a row of data, not a header
    above: list[list[str]] = []
    for token in upper.split():
        if not above or regex.match(r"\p{Lu}", token):
            above.append([token])
        else:
            above[-1].append(token)
    if len(above) != columns:
        return None
    tokens = [m.group() for m in _HEAD_PIECE.finditer(lower)]
    start = next((i for i, t in enumerate(tokens) if regex.fullmatch(r"\(.*[\p{L}%].*\)", t)
                  or _YEAR_TOKEN.fullmatch(t)), None)
    if not start:
        return None
    pieces: list[str] = []
    plain = False
    for token in tokens[start:]:
        # "(triệu đồng)", "(%)", a year; "(-)" of "giảm (-)" is a plain word
        atomic = bool(regex.fullmatch(r"\(.*[\p{L}%].*\)", token) or _YEAR_TOKEN.fullmatch(token))
        if atomic or not plain:
            pieces.append(token)
        else:
            pieces[-1] += " " + token
        plain = not atomic
    if len(pieces) != columns:
        return None
    return [" ".join(tokens[:start])] + [f"{' '.join(a)} {b}" for a, b in zip(above, pieces,
                                                                             strict=True)]


def _is_irregular_row(text: str) -> bool:
    """A row left out for a speck or a damaged cell is not the header above the others."""
    # numbers, even with specks glued on ("=—-2.150 _~_—22.087"); a header of years is a header
    numbers = [t for t in (regex.sub(r"^[^\d]+|[^\d]+$", "", t) for t in text.split())
               if _NUMERIC_TOKEN.fullmatch(t) and not _YEAR_TOKEN.fullmatch(t)
               and sum(c.isdigit() for c in t) >= 2]  # "H6dnghéo": a letter misread
    return len(numbers) >= 2


def _single_spaced_table(flow: Flow, run: list) -> Table | None:
    first = run[0][0]
    header_index = next((i for i in range(first - 1, max(-1, first - 4), -1)
                         if flow.lines[i].text.strip() and not _is_group_line(flow.lines[i].text)
                         and not _is_irregular_row(flow.lines[i].text)), None)
    if header_index is None:
        return None
    columns = len(run[0][1])
    header = _header_columns(flow.lines[header_index].text, columns)
    if header is None and header_index > 0:
        header = _two_line_header(flow.lines[header_index - 1].text,
                                  flow.lines[header_index].text, columns)
        if header is not None:
            header_index -= 1
    if header is None:
        return None
    has_unit_column = len(header) == columns + 2
    rows = []
    for index, cells, label_end in run:
        ref = flow.lines[index]
        lead = len(ref.text) - len(ref.text.lstrip())
        label_start = ref.start + lead
        if has_unit_column:  # "1 Diện tích gieo trồng ha 1.250": the label ends in the unit
            unit_start = _trailing_unit_start(ref.text[:label_end])
            row = [(ref.text[lead:unit_start].strip(), label_start, ref.start + unit_start),
                   (ref.text[unit_start:label_end].strip(), ref.start + unit_start,
                    ref.start + label_end)]
        else:
            row = [(ref.text[:label_end].strip(), label_start, ref.start + label_end)]
        row += [(c, ref.start + s, ref.start + e) for c, s, e in cells]
        rows.append(row)
    return Table(header, rows, [header_index] + [i for i, _, _ in run],
                 _caption(flow, header_index))


_MONEY_SCALE = regex.compile(r"(?:tri[eệ]u|ngh[iì]n|ng[aà]n|t[yỷỉi])\s+\S+\s*$", regex.IGNORECASE)


def _trailing_unit_start(label: str) -> int:
    """Where the unit word(s) at the end of a collapsed row label begin ("... gieo trồng ha",
    "... đầu người triệu đồng")."""
    text = label.rstrip()
    if m := _MONEY_SCALE.search(text):
        return m.start()
    return text.rfind(" ") + 1


def _has_numbers(rows: list[tuple[int, list[tuple[str, int, int]], str]]) -> bool:
    numeric = sum(1 for _, cells, _ in rows for c, _, _ in cells[1:] if parse_number(c) is not None)
    return numeric >= len(rows)


def _note(flow: Flow, last_index: int) -> str:
    """The first non-blank line under a table when it is a bracketed note."""
    for index in range(last_index + 1, min(len(flow.lines), last_index + 3)):
        text = flow.lines[index].text.strip()
        if text:
            return text if text.startswith("(") else ""
    return ""


def _caption(flow: Flow, header_index: int) -> str:
    """The nearest non-blank line above a table (its title, often with the unit)."""
    for index in range(header_index - 1, max(-1, header_index - 4), -1):
        text = flow.lines[index].text.strip()
        if text:
            return text
    return ""
