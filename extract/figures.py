"""Figures of a report: every counted or paid quantity, tied to the words it came from.

Why this shape: a report's numbers only mean something with their unit ("110 hộ", "5.766 triệu
đồng", "100%"), so a number becomes a figure only when a known unit follows it. Everything else
(document numbers, dates, section numbers, phone numbers, legal references, years) is left alone:
a wrong figure costs more than a missed one. Each figure then takes the year being reported
("Năm 2021, ..." carries until another year is named; a new section resets it), the period, the
section heading, its subject words, and its exact quote, line, span and box.

This module finds candidates (ranges, "20/20 xã", single numbers) and assembles figures; the
parts live beside it: units (extract.units, OCR-damaged units in extract.units_ocr), the year
or period (extract.timeline), subjects (extract.subjects), confidence and provenance from
restoration and OCR (extract.provenance), table cells (extract.tables). Which figures are
handed over and which are withheld as warnings is decided in extract.analyze.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extract import patterns as P
from extract.found import BASE_CONFIDENCE, TABLE_CONFIDENCE, Found
from extract.numbers import money_to_vnd, normalise_money_unit, parse_number, words_to_number
from extract.provenance import box_for, line_quality, ocr_risk, word_risk
from extract.structure import Flow, Section, section_at
from extract.subjects import subject_for
from extract.table_layout import Table
from extract.tables import table_figures
from extract.timeline import (
    NO_TIME,
    TimeContext,
    TimeMark,
    is_standard,
    is_timeless,
    present_state_year,
    time_at,
    time_marks,
)
from extract.units import Unit, unit_before
from extract.units_ocr import unit_after
from schemas import Document, Figure

__all__ = ["BASE_CONFIDENCE", "NO_TIME", "TABLE_CONFIDENCE", "Found", "TimeContext",
           "extract_figures"]


@dataclass(frozen=True)
class _Candidate:
    start: int  # flow offset of the quote start
    num_start: int
    num_end: int
    value: float
    value_max: float | None
    of: float | None
    unit: Unit


def _candidates(text: str, skip: list[tuple[int, int]],
                ocr_tolerant: bool = False) -> list[_Candidate]:
    """Numbers followed by a unit: ranges first, then "20/20 xã", then single numbers."""
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = list(skip)

    def free(s: int, e: int) -> bool:
        return not any(s < te and e > ts for ts, te in taken)

    for m in P.RANGE.finditer(text, overlapped=True):
        low, high = parse_number(m["num"]), parse_number(m["num2"])
        unit = unit_after(text, m.end("num2"), ocr_tolerant)
        if low is None or high is None or unit is None or not free(m.start(), m.end()):
            continue
        if high <= low or (m["from"] is None and _looks_like_years(low, high)):
            continue
        if m["pct1"] and unit.unit != "percent":
            continue
        if m["scale1"] and (unit.unit != "money" or
                            normalise_money_unit(m["scale1"]) != unit.money_unit):
            continue
        start = m.start("from") if m["from"] else m.start("num")
        if _is_class_bound(text, m.start(), unit):
            taken.append((start, unit.end))  # neither bound is a figure on its own either
            continue
        found.append(_Candidate(start, m.start("num"), m.end("num2"), low, high, None, unit))
        taken.append((start, unit.end))
    for m in P.FRACTION.finditer(text):
        part, whole = int(m["num"]), int(m["of"])
        unit = unit_after(text, m.end(), ocr_tolerant)
        if unit is None or unit.unit in ("money", "percent") or part > whole or whole == 0:
            continue
        if not free(m.start(), m.end()):
            continue
        found.append(_Candidate(m.start(), m.start(), m.end(), part, None, whole, unit))
        taken.append((m.start(), unit.end))
    for m in P.NUMBER.finditer(text):
        if not free(m.start(), m.end()):
            continue
        value = parse_number(m["num"])
        unit = unit_after(text, m.end(), ocr_tolerant) or _unit_after_words(
            text, m.end(), value, ocr_tolerant) or unit_before(text, m.start(), m.end())
        if value is None or unit is None:
            continue
        if _is_reference_number(text, m.start(), m["num"]) or _is_class_bound(text, m.start(), unit):
            continue
        if _row_serial(text, m.start(), m.end(), unit):
            continue
        if _unit_from_next_row(text, m.start(), m.end(), unit):
            continue
        found.append(_Candidate(m.start(), m.start(), m.end(), value, None, None, unit))
        taken.append((m.start(), unit.end))
    return sorted(found, key=lambda c: c.start)


_SPELLED_AFTER = regex.compile(r"\s*\((?P<words>[^()\d]{3,60})\)")


def _unit_after_words(text: str, end: int, value: float | None,
                      ocr_tolerant: bool) -> Unit | None:
    """"48 (bốn mươi tám) căn nhà": the number in words sits between the number and its unit.
    Only when the words say the same number."""
    m = _SPELLED_AFTER.match(text, end)
    if value is None or not m or words_to_number(m["words"]) != value:
        return None
    return unit_after(text, m.end(), ocr_tolerant)


_ROW_OF_NUMBERS_BEFORE = regex.compile(r"(?:^|\s)[\d.,%]+[ \t]+$")
_ROW_OF_NUMBERS = regex.compile(r"\d[\d.,%]*[ \t]+\S*\d[\d.,%]*[ \t\S]{0,3}$")


def _unit_from_next_row(text: str, start: int, end: int, unit: Unit) -> bool:
    """A number ending a row of numbers takes no unit from the line below.

    "Hộ nghèo 1.874 98.412 / Hộ cận nghèo 1.206 71.836": when a table was not recognised (OCR
    collapsed its columns), the label of the next row would read as the unit of the last cell
    of this one. A unit across the line break counts only in prose: not when the number follows
    another bare number on its line, nor when the line with the unit ends in two numbers.
    """
    gap = text[end:unit.end]
    if "\n" not in gap:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if _ROW_OF_NUMBERS_BEFORE.search(text[line_start:start]):
        return True
    next_start = text.index("\n", end) + 1
    next_end = text.find("\n", next_start)
    next_line = text[next_start:next_end if next_end >= 0 else len(text)].rstrip()
    return bool(_ROW_OF_NUMBERS.search(next_line))


def _looks_like_years(low: float, high: float) -> bool:
    return 1945 <= low <= 2100 and 1945 <= high <= 2100


_REFERENCE_BEFORE = regex.compile(
    r"(?:\b(?:Điều|khoản|điểm|mục|chương|phụ\s+lục|biểu|bảng|lần\s+thứ|thứ|tháng|ngày|"
    r"quý|tuần|năm|lô|thửa|tờ|trang|giờ|SĐT|ĐT|điện\s+thoại|Fax|số\s+nhà|kỳ\s+họp|khóa|mẫu|"
    r"biểu\s+mẫu)\s*:?\s*)$",
    regex.IGNORECASE,
)
# "thôn 3", "tổ 5", "khu 2": a small whole number right after a hamlet word is its name.
_PLACE_NAME_BEFORE = regex.compile(
    r"(?<!\bnông\s)\b(?:thôn|xóm|ấp|bản|tổ|khu|đội)\s+$", regex.IGNORECASE
)


# "6 xã đạt từ 15 đến 18 tiêu chí", "8 xã còn lại đạt dưới 15 tiêu chí", "không còn xã dưới
# 10 tiêu chí": the criteria bound a class of communes counted just before; not a figure.
_CLASS_BOUND_BEFORE = regex.compile(
    r"(?:\d+\s+xã(?:\s+còn\s+lại)?\s+đạt\s+(?:từ\s+|dưới\s+|trên\s+)?|\bxã\s+(?:đạt\s+)?dưới\s+)$",
    regex.IGNORECASE,
)


_CAPITALISED_MEASURE = regex.compile(r"(?:Lít|Kg|Km|Ha|Tấn|Tạ|Con|Cây|Mét|Chiếc|Cái)\b")


def _row_serial(text: str, start: int, end: int, unit: Unit) -> bool:
    """"2 Doanh nghiệp, nhà hảo tâm 1.384,1": at a line's start, a number before a capitalised
    word is the serial of a table row OCR flattened, not a count; and a measure is never
    written with a capital ("0,85 Lít" is OCR damage)."""
    word = text[end:unit.end].lstrip()
    if not word[:1].isupper() or word.split()[0].isupper():
        return False
    at_line_start = not text[text.rfind("\n", 0, start) + 1:start].strip()
    return at_line_start or bool(_CAPITALISED_MEASURE.match(word))


def _is_class_bound(text: str, start: int, unit: Unit) -> bool:
    return unit.unit == "criterion" and bool(_CLASS_BOUND_BEFORE.search(text[max(0, start - 40):start]))


_CHANGE_FROM = regex.compile(r"\btừ\s+$", regex.IGNORECASE)  # "(giảm) từ 1,75% xuống"
_CHANGE_TO = regex.compile(r"^[^.;\n]{0,40}?\b(?:xuống|lên)\s+(?:còn\s+)?\d", regex.IGNORECASE)


def _baseline_year(text: str, cand: _Candidate, when: TimeContext,
                   marks: list[TimeMark]) -> TimeContext:
    """"tỷ lệ giảm từ 0,14% xuống còn 0,09%" in a report on 2024: the first figure is where the
    year started, the end of 2023. Only when no year is printed right after that figure."""
    if when.year is None or cand.value_max is not None:
        return when
    if not _CHANGE_FROM.search(text[max(0, cand.num_start - 20):cand.num_start]):
        return when
    after = text[cand.unit.end:cand.unit.end + 60]
    year_at = cand.unit.end + P.YEAR_RIGHT_AFTER.match(after).end()
    if not _CHANGE_TO.match(after) or any(m.start == year_at for m in marks):
        return when  # no second figure, or the year is printed: "từ 3,86% năm 2021"
    return TimeContext(when.year - 1, None)


def _is_reference_number(text: str, start: int, number: str = "") -> bool:
    """A number that names (Điều 5, khoản 2, tháng 6, lần thứ 3, thôn 3) instead of counting."""
    before = text[max(0, start - 30):start]
    if _REFERENCE_BEFORE.search(before):
        return True
    return number.isdigit() and len(number) <= 2 and bool(_PLACE_NAME_BEFORE.search(before))


def _words_confirmation(text: str, end: int, amount: float) -> tuple[list[str], float]:
    m = regex.match(r"\s*\((?P<words>[^()\d]{3,120})\)", text[end:end + 140])
    if not m:
        return [], 1.0
    spelled = words_to_number(m["words"])
    if spelled is None:
        return [], 1.0
    if spelled == amount:
        return ["confirmed by the amount in words"], 1.0
    return [f"amount in words ({m['words'].strip()}) reads {spelled}, not {amount:g}"], 0.5


def extract_figures(document: Document, flow: Flow, sections: list[Section],
                    tables: list[Table], default: TimeContext = NO_TIME,
                    document_year: int | None = None, ocr_tolerant: bool = False) -> list[Found]:
    """All figures of the document, in reading order (prose first, then table cells)."""
    lines = {(page.number, line.number): line for page in document.pages for line in page.lines}
    table_spans = [(flow.lines[t.line_indices[0]].start, flow.lines[t.line_indices[-1]].end)
                   for t in tables]
    text = flow.text
    marks = time_marks(text, document_year, ocr_tolerant, skip=table_spans)
    out: list[Found] = []
    for cand in _candidates(text, table_spans, ocr_tolerant):
        figure = _figure_from(cand, text, flow, lines, sections, marks, default, ocr_tolerant,
                              document_year)
        if figure is not None:
            out.append(Found(figure, cand.num_start, cand.unit.end))
    for table in tables:
        out.extend(table_figures(table, flow, lines, sections, marks, default, ocr_tolerant))
    return sorted(out, key=lambda found: found.start)


# A bare one-digit number that OCR makes from a letter: "có tổ ở tổ dân phố" read "có té 6 t6".
_LETTER_LIKE_DIGIT = regex.compile(r"[0146]")
# "2025 con": a year whose "năm" OCR damaged; counts this large print a thousands dot.
_YEAR_LIKE = regex.compile(r"(?:19[4-9]|20\d)\d")


def _quote_span(flow: Flow, start: int, end: int, num_start: int) -> tuple[int, int, int]:
    """(line index, start, end) of the quote, clipped to the line holding the number."""
    index = flow.line_at(num_start)
    ref = flow.lines[index]
    q_start = max(start, ref.start) - ref.start
    q_end = min(end, ref.end) - ref.start
    text = ref.text
    while q_end > q_start and text[q_end - 1].isspace():
        q_end -= 1
    return index, q_start, q_end


def _figure_from(cand: _Candidate, text: str, flow: Flow, lines: dict, sections: list[Section],
                 marks: list[TimeMark], default: TimeContext,
                 ocr_tolerant: bool = False, document_year: int | None = None) -> Figure | None:
    unit = cand.unit
    index, q_start, q_end = _quote_span(flow, cand.start, unit.end, cand.num_start)
    ref = flow.lines[index]
    line = lines[(ref.page, ref.line)]
    quote = ref.text[q_start:q_end]
    if not quote.strip():
        return None
    section = section_at(sections, cand.num_start)
    when = time_at(cand.num_start, marks, section, text, default, end=cand.unit.end)
    if is_timeless(text, cand.num_start, unit.end, marks) or \
            is_standard(text, cand.num_start, unit.end, unit.per):
        when = NO_TIME
    elif when is default:
        when = present_state_year(text, cand.num_start, default, document_year)
    when = _baseline_year(text, cand, when, marks)
    notes: list[str] = []
    confidence = BASE_CONFIDENCE
    vnd = vnd_max = None
    if unit.unit == "money":
        vnd = money_to_vnd(cand.value, unit.money_unit or "đồng")
        if cand.value_max is not None:
            vnd_max = money_to_vnd(cand.value_max, unit.money_unit or "đồng")
        extra, factor = _words_confirmation(text, unit.end, vnd)
        notes += extra
        confidence *= factor
    if cand.of is not None:
        notes.append(f"of {cand.of:g}")
    if unit.unit == "percent" and (cand.value_max or cand.value) > 100:
        notes.append("growth")
    number = (cand.num_start - ref.start, cand.num_end - ref.start)
    factor, ocr_notes = ocr_risk(line, q_start, q_end, quote, number)
    if factor < 1 and any("unit words" in n for n in ocr_notes) and \
            _ROW_OF_NUMBERS_BEFORE.search(ref.text[:number[0]]):
        # "7.105 124 236 a2" → "236 ấp": in a row of numbers the "unit" restoration made from
        # letters and digits is more likely the next cell, misread
        factor = min(factor, 0.4)
        ocr_notes.append("ocr: the unit follows a row of numbers; it may be a misread cell")
    confidence *= factor
    notes += ocr_notes
    factor, engine_notes = word_risk(line, q_start, q_end)
    confidence *= factor
    notes += engine_notes
    if ocr_tolerant or unit.ocr_read or ocr_notes or engine_notes or line.changes:
        factor, quality_notes = line_quality(line, (q_start, q_end))
        confidence *= factor
        notes += quality_notes
    line_damaged = bool(line.changes) or any(w.confidence is not None for w in line.words)
    if ocr_tolerant and line_damaged and cand.value_max is None and \
            unit.unit not in ("percent", "money") and \
            _LETTER_LIKE_DIGIT.fullmatch(text[cand.num_start:cand.num_end]):
        confidence *= 0.6
        notes.append("ocr: a lone digit OCR often reads for a letter (ở → 6, o → 0, a → 4); "
                     "reports write small counts with a leading zero")
    if ocr_tolerant and _YEAR_LIKE.fullmatch(text[cand.num_start:cand.num_end]) and \
            unit.unit not in ("percent", "money"):
        confidence *= 0.6
        notes.append("ocr: a year-like number with no thousands dot; OCR may have lost "
                     "'năm' before it")
    if unit.ocr_read:
        confidence *= 0.8
        notes.append(f"ocr: unit read through OCR damage: {text[cand.num_end:unit.end].strip()!r}")
    return Figure(
        unit=unit.unit,
        value=cand.value,
        value_max=cand.value_max,
        money_unit=unit.money_unit,
        vnd=vnd,
        vnd_max=vnd_max,
        per=unit.per,
        year=when.year,
        period=when.period,
        subject=subject_for(text, cand.start, unit),
        section=section.title if section else None,
        quote=quote,
        page=ref.page,
        line=ref.line,
        start=q_start,
        end=q_end,
        box=box_for(line, q_start, q_end),
        confidence=round(confidence, 3),
        notes=notes,
    )
