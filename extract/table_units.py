"""The unit of a table cell: which of the many places a table states it applies.

Why a module: a table names its unit in a column header ("Số hộ nghèo", "Kinh phí (triệu
đồng)"), a unit column ("ĐVT": hộ, người, ha), a caption ("Đơn vị tính: triệu đồng"), a note
under it ("(... tính theo người)"), a row label ("Đất ở (hộ)") or its title; OCR damages any of
them. ``cell_unit`` applies them in order of authority, from the cell itself to the title.
"""

from __future__ import annotations

import regex

from extract.table_layout import SERIAL_HEAD, UNIT_HEAD
from extract.units import Unit, fold, unit_from_words
from extract.units_ocr import ocr_unit_after

_STATED_UNIT = regex.compile(r"\(?\s*(?:đơn\s+vị(?:\s+tính)?|[ĐD]VT)\s*:\s*(?P<unit>[^)]+)\)?",
                             regex.IGNORECASE)

_NAME_HEAD = regex.compile(r"\s*(?:S?TT\s+)?(?:xã|thôn|bản|ấp|tổ|khóm|huyện|đơn\s+vị|địa\s+bàn|tên)\b",
                           regex.IGNORECASE)


def _bracketed_unit(label: str) -> Unit | None:
    """Only the unit a name-row states in brackets ("Xã A (hộ)")."""
    declared = regex.search(r"\((?P<unit>[^()]{1,30})\)", label)
    return unit_from_words(declared["unit"]) if declared else None


def _percent_head(head: str) -> Unit | None:
    """A column of rates ("Tỷ lệ (%)") stays a percentage whatever unit the caption states."""
    unit = unit_from_words(head)
    return unit if unit is not None and unit.unit == "percent" else None


_FOLDED_STATED = {
    "the": ("card", None), "ho": ("household", None), "nguoi": ("person", None),
    "xa": ("commune", None), "nha": ("house", None), "ngoinha": ("house", None),
    "can": ("house", None), "tieuchi": ("criterion", None), "dong": ("money", "đồng"),
    "khau": ("person", None), "nhankhau": ("person", None), "laodong": ("person", None),
    "trieudong": ("money", "triệu"), "tydong": ("money", "tỷ"), "nghindong": ("money", "nghìn"),
}


def _folded_declared(words: str) -> Unit | None:
    """A bracketed unit read folded: "(hổ)" restored from "(hộ)"."""
    declared = regex.search(r"\((?P<unit>[^()]{1,20})\)", words)
    if declared:
        key = "".join(fold(t) for t in declared["unit"].split())
        if key in _FOLDED_STATED:
            unit, money = _FOLDED_STATED[key]
            return Unit(unit, 0, money_unit=money)
    return None


def _folded_unit(words: str) -> Unit | None:
    """A unit named in OCR-damaged header or label words, read folded: "(hổ)" restored from
    "(hộ)", "S6h6 con dụng" for "Số hộ còn dư nợ". Only the two places where the words are a
    unit by construction count: a bracketed unit, and "số" + unit at the start of a header."""
    if declared := _folded_declared(words):
        return declared
    keys = [fold(t) for t in words.split()[:3]]
    if not keys:
        return None
    candidates = [keys[0][2:]] if keys[0].startswith("so") and len(keys[0]) > 2 else []
    if keys[0] == "so" and len(keys) > 1:
        candidates += [keys[1], "".join(keys[1:3])]
    for key in candidates:
        found = _FOLDED_STATED.get(key)
        if found and found[0] != "money":
            return Unit(found[0], 0)
    if any(key in _MEASURES for key in candidates):  # "Sở lốp" read from "S6 lớp": số lớp
        return Unit("count", 0)
    return None


def _stated_unit(caption: str, ocr_tolerant: bool = False) -> Unit | None:
    """"(đơn vị: thẻ)", "ĐVT: triệu đồng": the unit a table states for all its cells.

    The words after "đơn vị:" are a unit by construction, so on OCR'd text they are also
    compared folded ("thể" restored from "thé" is still thẻ)."""
    m = _STATED_UNIT.search(caption)
    if not m:
        return None
    words = m["unit"].split(";")[0]  # "tiêu chí; thu nhập: triệu đồng": see _column_stated
    if "," in words:
        return None  # "ĐVT: lớp, người": several units, which column has which is not said
    exact = unit_from_words(words)
    if exact is not None or not ocr_tolerant:
        return exact
    key = "".join(fold(t) for t in words.split())
    if key in _FOLDED_STATED:
        unit, money = _FOLDED_STATED[key]
        return Unit(unit, 0, money_unit=money)
    return None


def _column_stated(caption: str, head: str) -> Unit | None:
    """"ĐVT: tiêu chí; thu nhập: triệu đồng/người/năm; hộ nghèo: %": a caption naming the unit
    of some columns by their header."""
    m = _STATED_UNIT.search(caption)
    if not m or not head:
        return None
    for part in m["unit"].split(";")[1:]:
        name, _, unit_words = part.partition(":")
        if unit_words and fold(head).startswith(fold(name.strip())):
            if unit_words.strip() == "%":
                return Unit("percent", 0)
            if found := unit_from_words(unit_words):
                return found
    return None


def _label_column_unit(header: list[str]) -> Unit | None:
    """"Nguồn vốn (triệu đồng) | Năm 2023 | Năm 2024": the label column's header states the
    unit of every row."""
    if not header:
        return None
    declared = regex.search(r"\((?P<unit>[^()]{1,30})\)", header[0])
    return unit_from_words(declared["unit"]) if declared else None

_MEASURES = {"ha", "tan", "ta", "kg", "km", "m", "m2", "m3", "con", "luot", "lop", "cai",
             "chiec", "to", "coso", "ban", "thon", "congtrinh", "mohinh", "doanhnghiep",
             "hoptacxa", "tram", "truong", "phong", "lan", "diem", "tuyen", "cuon", "buoi"}


def unit_column_value(header: list[str], row: list, heads: list[int]) -> Unit | None:
    """The row's unit when the table has a unit column ("ĐVT": hộ, người, triệu đồng, %)."""
    for col, head_index in enumerate(heads):
        if 0 <= head_index < len(header) and UNIT_HEAD.fullmatch(header[head_index]):
            words = row[col][0].strip()
            if words == "%":
                return Unit("percent", 0)
            if not regex.search(r"\p{L}", words):
                return None
            key = "".join(fold(t) for t in words.split())
            if key in _FOLDED_STATED:  # "họ" restored from "ho" is still hộ
                unit, money = _FOLDED_STATED[key]
                return Unit(unit, 0, money_unit=money)
            if key in _MEASURES:  # a measure with no unit of its own in the schema: a count
                return Unit("count", 0)
            return unit_from_words(words) or unit_from_words(f"số {words}") or \
                ocr_unit_after(f" {words}", 0)  # "tri¢uddng": a unit OCR damaged
    return None


# "Kế hoạch 2025", "Thực hiện", "Ước thực hiện": a column of plan or result, not a unit
# (in prose "3 kế hoạch" counts plans).
_PLAN_HEAD = regex.compile(r"\s*(?:kế\s+hoạch|thực\s+hiện|ước\s+thực\s+hiện|chỉ\s+tiêu)\b[^()]*",
                           regex.IGNORECASE)


def _head_unit(head: str) -> Unit | None:
    if _PLAN_HEAD.fullmatch(head):
        return None
    unit = unit_from_words(head)
    if unit is not None and unit.unit == "commune" and not _COUNT_HEAD.match(head):
        return None  # "Xã Bảo Cường", "Phường": a column for one commune, not a count of them
    return unit


_COUNT_HEAD = regex.compile(r"\s*(?:tổng\s+)?số\b|.*\((?:xã|số\s+xã)\)", regex.IGNORECASE)


# "Trong đó nữ", "Có việc làm", "Được vay": a column counting part of what a column to its
# left counts ("Số học viên"), so in the same unit.
_SUBSET_HEAD = regex.compile(r"\s*(?:trong\s+đó|có|được|đã)\b", regex.IGNORECASE)


def _subset_head_unit(header: list[str], index: int) -> Unit | None:
    if not (0 < index < len(header)) or not _SUBSET_HEAD.match(header[index]) or \
            unit_from_words(header[index]) is not None:
        return None
    if regex.match(r"\s*trong\s+đó\b", header[index], regex.IGNORECASE) and index >= 2:
        # "Kinh phí (triệu đồng) | Trong đó: Quỹ": a part of the column beside it, any unit
        unit = _head_unit(header[index - 1])
        if unit is not None and unit.unit != "percent":
            return unit
    left = index - 1
    while left > 0 and _SUBSET_HEAD.match(header[left]):
        left -= 1  # "Số học viên | Trong đó: nữ | Có việc làm": both divide the learners
    label_column = next((i for i, h in enumerate(header) if not SERIAL_HEAD.fullmatch(h)), 0)
    if left <= label_column:
        return None  # the row labels' column ("Chương trình cho vay") counts nothing
    unit = _head_unit(header[left])
    return unit if unit is not None and unit.unit not in ("money", "percent") else None


_NOTED_UNIT = regex.compile(r"t[íỉi]nh\s+(?:theo|bằng)\s+(?P<unit>[\p{L} ]{1,20}?)\s*[).;]", regex.IGNORECASE)


def _noted_unit(note: str) -> Unit | None:
    """A note under the table: "(Số người học, số người có việc làm tính theo người)"."""
    if m := _NOTED_UNIT.search(note):
        return unit_from_words(m["unit"]) or unit_from_words(f"số {m['unit']}")
    return _stated_unit(note)


def _title_unit(caption: str) -> Unit | None:
    """A unit named in the table's title ("Số thẻ BHYT cấp theo nhóm"); not in a sentence of
    prose that introduces it ("... mở 24 lớp, kết quả theo từng nghề như sau:")."""
    if regex.search(r"\d", caption) or len(caption) > 90:
        return None
    return unit_from_words(caption)


def names_rows(header: list[str]) -> bool:
    """"Xã | ...": the row labels are names ("Xã Nhè", "Bản Na Hang"), not units."""
    return bool(header) and bool(_NAME_HEAD.match(header[0]))


def cell_unit(header: list[str], head_index: int, label: str, row_unit: Unit | None,
              caption: str, note: str, ocr_tolerant: bool) -> Unit | None:
    """The unit of a cell under ``header[head_index]`` in the row ``label``, or None.

    In order of authority: a rate column; the header's own unit; the row's unit column; the
    column a subset column divides; the caption; the header read through OCR damage; a note
    under the table; the row label; the table's title.
    """
    head = header[head_index] if 0 <= head_index < len(header) else ""
    return (_percent_head(head) or _column_stated(caption, head) or _head_unit(head) or row_unit
            or _subset_head_unit(header, head_index)
            or (_label_column_unit(header) if head_index > 0 else None)
            or _stated_unit(caption, ocr_tolerant)
            or (ocr_tolerant and _folded_unit(head) or None) or _noted_unit(note)
            or (ocr_tolerant and _folded_declared(label) or None)
            or (_bracketed_unit(label) if names_rows(header) else unit_from_words(label)
                or (ocr_tolerant and _folded_unit(label) or None))
            or _title_unit(caption))
