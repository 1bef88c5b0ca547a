"""Cross-checks between figures, recorded as warnings (never as corrections).

Why: reports state totals and their parts ("82 ngôi nhà, trong đó: xây mới 38 nhà ... sửa
chữa 44 nhà") and rates with counts and totals ("06 ngôi nhà (50 triệu đồng/ngôi nhà), tổng 300
triệu đồng"). When the arithmetic does not hold, either the report or the reading (OCR,
restoration, extraction) is wrong; a person should look. The checks only speak when the
relation is stated plainly; an ambiguous sentence gives no warning rather than a false one.
"""

from __future__ import annotations

import regex

from extract import patterns as P
from extract.figures import Found
from schemas import Figure, Warning

_SENTENCE_END = regex.compile(r"\.(?=\s|$)|\n[ \t]*\n|[!?]")
_TOTAL_BEFORE = regex.compile(r"\btổng(?:\s+cộng|\s+số)?\b[^,;.()]{0,40}$", regex.IGNORECASE)
_AVERAGE_BEFORE = regex.compile(r"\bbình\s+quân\b[^,;.()]{0,30}$", regex.IGNORECASE)


def _amount(figure: Figure) -> float:
    return float(figure.vnd) if figure.unit == "money" and figure.vnd is not None else figure.value


def _kind(figure: Figure) -> tuple[str, str | None]:
    return figure.unit, figure.per


def _sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, offset):
        start = m.end()
    end_match = _SENTENCE_END.search(text, offset)
    return start, end_match.start() if end_match else len(text)


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1e-9)


def _is_total(text: str, found: Found) -> bool:
    return bool(_TOTAL_BEFORE.search(text[max(0, found.start - 60):found.start]))


def check_parts(text: str, found: list[Found]) -> list[Warning]:
    """A total followed by "trong đó"/"gồm" and its parts: the parts must add up.

    The parts are the figures of the same unit after the marker, up to the end of the sentence
    (or of the bracket the marker opened). The total is the same-unit figure before the marker
    in the sentence: the one introduced by "tổng" if any, else the only one. With two or more
    candidates and none marked as a total, the check stays silent unless no candidate matches.
    """
    warnings: list[Warning] = []
    table_free = [f for f in found if not any(n.startswith("table cell") for n in f.figure.notes)]
    for marker in P.PARTS_START.finditer(text):
        s_start, s_end = _sentence_bounds(text, marker.start())
        opened = text[max(s_start, marker.start() - 3):marker.start()].strip().endswith("(")
        if opened and (close := text.find(")", marker.end())) >= 0:
            s_end = min(s_end, close) if close < s_end else close
        after = [f for f in table_free if marker.end() <= f.start < s_end and f.figure.per is None]
        if len(after) < 2:
            continue
        kind = _kind(after[0].figure)
        parts = [f for f in after if _kind(f.figure) == kind]
        before = [f for f in table_free
                  if s_start <= f.start < marker.start() and _kind(f.figure) == kind]
        if len(parts) < 2 or not before:
            continue
        totals = [f for f in before if _is_total(text, f)] or before
        total_sum = sum(_amount(f.figure) for f in parts)
        if any(_close(_amount(t.figure), total_sum, 0.001) for t in totals):
            continue
        if len(totals) > 1:
            continue
        total = totals[0].figure
        shown = f"{total_sum:g}" if total.unit != "money" else f"{int(total_sum)} đồng"
        warnings.append(Warning(
            code="sum-mismatch",
            message=(f"total {total.quote!r} ({_amount(total):g}) differs from the sum of its "
                     f"{len(parts)} parts ({shown}): "
                     + ", ".join(repr(p.figure.quote) for p in parts)),
            page=total.page, line=total.line,
        ))
    return warnings


def check_rates(text: str, found: list[Found]) -> list[Warning]:
    """A rate per unit, a count of that unit and a stated total in one sentence must agree."""
    warnings: list[Warning] = []
    for rate in found:
        per = rate.figure.per
        if rate.figure.unit != "money" or per is None or rate.figure.vnd is None:
            continue
        s_start, s_end = _sentence_bounds(text, rate.start)
        same = [f for f in found if s_start <= f.start < s_end and f is not rate]
        counts = [f for f in same if f.figure.unit == per and f.start < rate.start]
        if not counts:
            continue
        count = counts[-1]
        totals = [f for f in same if f.figure.unit == "money" and f.figure.per is None
                  and _is_total(text, f) and f.start > count.start]
        # The total must belong to this count: no other count of the unit in between.
        totals = [t for t in totals
                  if not any(c.figure.unit == per and min(count.start, t.start) < c.start
                             < max(count.start, t.start) and c is not count for c in same)]
        if not totals or rate.figure.vnd_max is not None:
            continue
        total = totals[0]
        expected = count.figure.value * rate.figure.vnd
        average = bool(_AVERAGE_BEFORE.search(text[max(0, rate.start - 50):rate.start]))
        if _close(expected, float(total.figure.vnd or 0), 0.05 if average else 0.001):
            continue
        warnings.append(Warning(
            code="rate-mismatch",
            message=(f"{count.figure.quote!r} × {rate.figure.quote!r} = {int(expected)} đồng, "
                     f"but the stated total {total.figure.quote!r} is {total.figure.vnd} đồng"),
            page=total.figure.page, line=total.figure.line,
        ))
    return warnings


def cross_check(text: str, found: list[Found]) -> list[Warning]:
    return check_parts(text, found) + check_rates(text, found)
