"""The year or period each figure refers to.

Why a module: annotators give every figure the year it is about, carried from "Năm 2021, ..."
to the clauses that follow until another year is named, a new section resetting it; a period
("giai đoạn 2021-2025") instead of a year when the figure covers one. Years of dates, of
comparisons ("so với năm 2020") and of legal references are not such years.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extract import patterns as P
from extract.structure import Section


@dataclass(frozen=True)
class TimeContext:
    """The year or period a figure refers to."""

    year: int | None
    period: str | None


_Time = TimeContext
NO_TIME = TimeContext(None, None)


@dataclass(frozen=True)
class TimeMark:
    """A year or period named in the text. ``reach`` is where its authority ends: None for one
    carried until another is named ("Năm 2021, ...", "... cuối năm 2024, toàn huyện còn"), the
    end of its sentence for a date or month named inside a sentence ("... do đợt mưa lũ tháng
    9/2023.", "; đến ngày 31/12/2024 có 512/527 nhà"): annotators do not carry those further."""

    start: int
    end: int
    year: int | None
    period: str | None
    reach: int | None = None


LEADING_WORDS = 4  # at most this many words before a mark that leads its sentence


def sentence_start(text: str, offset: int) -> int:
    start = 0
    for m in P.SENTENCE_END.finditer(text, max(0, offset - 600), offset):
        start = m.end()
    return start


def sentence_end(text: str, offset: int) -> int:
    m = P.SENTENCE_END.search(text, offset)
    return m.start() if m else len(text)


_AFTER_A_FIGURE = regex.compile(
    r"\d%?[ \t]*\(?[ \t]*(?:(?:vào\s+)?(?:cuối|đầu|giữa|trong)\s+)?$", regex.IGNORECASE)


def _after_a_figure(text: str, mark: TimeMark) -> TimeMark:
    """"tăng từ 91,85% năm 2023 lên 94,1%": the year belongs to the figure before it (see
    time_at); it does not become the year of what follows."""
    if _AFTER_A_FIGURE.search(text[max(0, mark.start - 24):mark.start]):
        return TimeMark(mark.start, mark.end, mark.year, mark.period, reach=mark.end)
    return mark


def _with_reach(text: str, mark: TimeMark) -> TimeMark:
    lead = text[sentence_start(text, mark.start):mark.start]
    words = [w for w in lead.split() if any(c.isalnum() for c in w)]
    if len(words) <= LEADING_WORDS:
        return mark
    return TimeMark(mark.start, mark.end, mark.year, mark.period,
                    reach=sentence_end(text, mark.end))


def _found(text: str, pattern: regex.Pattern, ocr_pattern: regex.Pattern,
           ocr_tolerant: bool) -> list[regex.Match]:
    """The pattern's matches, and on OCR'd text its OCR-damaged form's at other places."""
    found = list(pattern.finditer(text))
    if ocr_tolerant:
        seen = {m.start() for m in found}
        found += [m for m in ocr_pattern.finditer(text) if m.start() not in seen]
    return found


def time_marks(text: str, document_year: int | None = None, ocr_tolerant: bool = False,
               skip: list[tuple[int, int]] | None = None) -> list[TimeMark]:
    """Every "năm 2021" and "giai đoạn 2021-2025" that says what time the text is about.

    Years inside a date ("ngày 22 tháng 12 năm 2017"), a comparison ("so với năm 2020") or a
    legal reference ("Luật Trợ giúp pháp lý năm 2017") are not the reported year and are skipped,
    and so are years inside ``skip`` (table headers: their years belong to their columns).
    """
    marks: list[TimeMark] = []
    taken: list[tuple[int, int]] = list(skip or [])
    patterns = (P.PERIOD_FROM_TO, P.PERIOD) + ((P.PERIOD_BARE,) if ocr_tolerant else ())
    if document_year is not None:
        for m in _found(text, P.SINCE_TO_NOW, P.SINCE_TO_NOW_OCR, ocr_tolerant):
            if _inside(m.start(), taken):
                continue
            if int(m["y1"]) < document_year <= int(m["y1"]) + 30:
                marks.append(TimeMark(m.start(), m.end(), None, f"{m['y1']}-{document_year}"))
                taken.append((m.start(), m.end()))
    for pattern in patterns:
        for m in pattern.finditer(text):
            if _inside(m.start(), taken):
                continue
            y1, y2 = int(m["y1"]), int(m["y2"])
            if y1 < y2 <= y1 + 30:
                marks.append(TimeMark(m.start(), m.end(), None, f"{y1}-{y2}"))
                taken.append((m.start(), m.end()))
    for m in _found(text, P.YEAR, P.YEAR_OCR, ocr_tolerant):
        if _inside(m.start(), taken):
            continue
        before = text[max(0, m.start() - 100):m.start()]
        if P.YEAR_NOT_CONTEXT.search(before):
            continue
        marks.append(_after_a_figure(text, TimeMark(m.start(), m.end(), int(m["year"]), None)))
    for m in P.PART_OF_YEAR.finditer(text):
        if _inside(m.start(), taken):
            continue
        if not P.YEAR_NOT_CONTEXT.search(text[max(0, m.start() - 100):m.start()]):
            mark = TimeMark(m.start(), m.end(), int(m["year"]), None)
            bound = _after_a_figure(text, mark)
            marks.append(bound if bound is not mark else _with_reach(text, mark))
    for pattern in (P.AS_OF_DATE, P.FROM_DATE):
        for m in pattern.finditer(text):
            if not _inside(m.start(), taken):
                marks.append(_with_reach(text, TimeMark(m.start(), m.end(), int(m["year"]),
                                                         None)))
    if document_year is not None:
        for m in _found(text, P.AS_OF_NOW, P.AS_OF_NOW_OCR, ocr_tolerant):
            if _inside(m.start(), taken):
                continue
            marks.append(TimeMark(m.start(), m.end(), document_year, None))
    return sorted(marks, key=lambda mark: mark.start)


def time_at(offset: int, marks: list[TimeMark], section: Section | None, text: str,
            default: TimeContext, end: int | None = None, forward: bool = True) -> TimeContext:
    """The year and period in force at ``offset``: the latest mark since the section began.

    A year printed right after the figure ("giảm từ 3,86% năm 2021 xuống còn 1,72% năm 2024")
    belongs to it. When no year precedes the figure in its section, a year named later in the
    same clause ("Cấp 1.036 thẻ BHYT trong năm 2021") is taken. Otherwise the document's own
    year or period (from its title) applies.
    """
    if end is not None:
        for mark in marks:
            if mark.start >= end and P.YEAR_RIGHT_AFTER.fullmatch(text[end:mark.start]):
                return TimeContext(mark.year, mark.period)
            if mark.start > end + 40:
                break
    floor = section.start if section else 0
    latest: TimeMark | None = None
    for mark in marks:
        if mark.start >= offset:
            break
        if mark.start >= floor and (mark.reach is None or mark.reach > offset):
            latest = mark
    if latest is None and forward:
        stop = clause_end(text, offset)
        for mark in marks:
            if offset < mark.start < stop and mark.year is not None:
                return TimeContext(mark.year, None)
    if latest is None:
        latest = _heading_mark(marks, section)
    if latest is None:
        return default  # the same object: callers tell "no mark applied" by identity
    if latest.year is not None:
        return TimeContext(latest.year, None)
    return TimeContext(None, latest.period)


def _heading_mark(marks: list[TimeMark], section: Section | None) -> TimeMark | None:
    """A year in an enclosing heading ("I. KẾT QUẢ HOẠT ĐỘNG NĂM 2024") governs its
    subsections that name none ("2. Dư nợ theo từng chương trình")."""
    parent = section.parent if section else None
    while parent is not None:
        inside = [m for m in marks if parent.start <= m.start < parent.heading_end]
        if inside:
            return inside[-1]
        parent = parent.parent
    return None


def clause_end(text: str, offset: int) -> int:
    m = P.CLAUSE_END.search(text, offset)
    return m.start() if m else len(text)


# "14 xã, thị trấn", "33 xã, phường, thị trấn": every unit of a district, by kind; not "9/13
# xã, thị trấn" (a share that changes from year to year).
_ALL_UNITS = regex.compile(r"\d+\s+(?:\([^()\d]*\)\s+)?xã,\s*(?:phường,\s*)?thị\s+trấn\b",
                           regex.IGNORECASE)


_STATE_AFTER = regex.compile(r"[^,;.\d]{0,12}?\b(?:đạt|đang|chưa|được|hoàn\s+thành|về\s+đích)\b",
                            regex.IGNORECASE)
# A poverty standard ("từ 1.500.000 đồng/người/tháng trở xuống", "chuẩn nghèo ... khu vực thành
# thị là 2.000.000 đồng/người/tháng") is a rule in force, not a figure of a year.
_THRESHOLD_AFTER = regex.compile(r"[^,;.\d]{0,25}?\btrở\s+xuống\b", regex.IGNORECASE)
_POVERTY_STANDARD = regex.compile(r"\bchuẩn\s+(?:cận\s+)?nghèo\b|\btrở\s+xuống\b", regex.IGNORECASE)


def is_standard(text: str, num_start: int, unit_end: int, per: str | None) -> bool:
    """A threshold or a poverty-line amount: timeless."""
    if _THRESHOLD_AFTER.match(text, unit_end):
        return True
    if per != "person":
        return False
    begin = sentence_start(text, num_start)
    before = text[sentence_start(text, max(0, begin - 2)):num_start]
    return bool(_POVERTY_STANDARD.search(before))


def is_timeless(text: str, num_start: int, unit_end: int, marks: list[TimeMark]) -> bool:
    """A figure of what a district is made of: its communes, hamlets and population shares.

    The sentence must open with the place and "có"/"gồm" before its first number ("Toàn huyện
    có 17 xã, thị trấn với 147 xóm, tổ dân phố; ... chiếm trên 95% dân số") and name no time
    before the figure; only administrative units and shares of the population qualify. The
    annotators give such figures no year ("null alone for timeless counts").
    """
    begin = sentence_start(text, num_start)
    if any(begin <= mark.start < num_start for mark in marks):
        return False  # "Năm 2024, toàn huyện có 17 xã, thị trấn": dated on purpose
    if _ALL_UNITS.match(text, num_start):
        return True  # "tại 14 xã, thị trấn": the district's units, whatever year is in force
    first = regex.search(r"\d", text[begin:num_start + 1])
    if first is None or not P.COMPOSITION_LEAD.match(text[begin:begin + first.start()]):
        return False
    after = text[num_start:unit_end]
    after = regex.sub(r"^[\d.,/\s]+", " ", after)
    if _STATE_AFTER.match(text, unit_end):
        return False  # "gồm: 21 xã đạt chuẩn ...": what the communes achieved, in a year
    return bool(P.ADMIN_UNIT.match(after) or
                P.POPULATION_SHARE.match(text[unit_end - 1:unit_end + 12])
                and after.strip().startswith("%"))


def present_state_year(text: str, num_start: int, default: TimeContext,
                       document_year: int | None) -> TimeContext:
    """A present-state figure ("Còn 15 nhà chưa hoàn thành") under the report's period, with no
    year named in its section: the state at the period's end (not after the document's date).

    Called only when the figure took the document's default time.
    """
    if default.period is None:
        return default
    begin = sentence_start(text, num_start)
    if not P.PRESENT_STATE.search(text[begin:num_start]):
        return default
    end = int(default.period[-4:])
    if document_year is not None:
        end = min(end, document_year)
    return TimeContext(end, None)


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """True when ``position`` falls in a span already claimed by an earlier time mark."""
    return any(start <= position < end for start, end in spans)
