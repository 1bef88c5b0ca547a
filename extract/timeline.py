"""The year or period each figure refers to.

Why a module: annotators give every figure the year it is about, carried from "Năm 2021, ..."
to the clauses that follow until another year is named, a new section resetting it; a period
("giai đoạn 2021-2025") instead of a year when the figure covers one. Years of dates, of
comparisons ("so với năm 2020") and of legal references are not such years.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    start: int
    end: int
    year: int | None
    period: str | None


def time_marks(text: str, document_year: int | None = None,
               ocr_tolerant: bool = False) -> list[TimeMark]:
    """Every "năm 2021" and "giai đoạn 2021-2025" that says what time the text is about.

    Years inside a date ("ngày 22 tháng 12 năm 2017"), a comparison ("so với năm 2020") or a
    legal reference ("Luật Trợ giúp pháp lý năm 2017") are not the reported year and are skipped.
    """
    marks: list[TimeMark] = []
    taken: list[tuple[int, int]] = []
    patterns = (P.PERIOD_FROM_TO, P.PERIOD) + ((P.PERIOD_BARE,) if ocr_tolerant else ())
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            y1, y2 = int(m["y1"]), int(m["y2"])
            if y1 < y2 <= y1 + 30:
                marks.append(TimeMark(m.start(), m.end(), None, f"{y1}-{y2}"))
                taken.append((m.start(), m.end()))
    years = list(P.YEAR.finditer(text))
    if ocr_tolerant:
        seen = {m.start() for m in years}
        years += [m for m in P.YEAR_OCR.finditer(text) if m.start() not in seen]
    for m in years:
        if any(s <= m.start() < e for s, e in taken):
            continue
        before = text[max(0, m.start() - 100):m.start()]
        if P.YEAR_NOT_CONTEXT.search(before):
            continue
        marks.append(TimeMark(m.start(), m.end(), int(m["year"]), None))
    for m in P.PART_OF_YEAR.finditer(text):
        if not P.YEAR_NOT_CONTEXT.search(text[max(0, m.start() - 100):m.start()]):
            marks.append(TimeMark(m.start(), m.end(), int(m["year"]), None))
    for m in P.AS_OF_DATE.finditer(text):
        marks.append(TimeMark(m.start(), m.end(), int(m["year"]), None))
    if document_year is not None:
        for m in P.AS_OF_NOW.finditer(text):
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
        if mark.start >= floor:
            latest = mark
    if latest is None and forward:
        stop = clause_end(text, offset)
        for mark in marks:
            if offset < mark.start < stop and mark.year is not None:
                return TimeContext(mark.year, None)
    if latest is None:
        return default
    if latest.year is not None:
        return TimeContext(latest.year, None)
    return TimeContext(None, latest.period)


def clause_end(text: str, offset: int) -> int:
    m = P.CLAUSE_END.search(text, offset)
    return m.start() if m else len(text)
