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


# Parts after "trong đó" that add up to less than this share of their total are read as a
# partial list (reports name the main parts only); above it, short of the total, as a slip.
PARTIAL_SHARE = 0.85


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
        after = [f for f in table_free if marker.end() <= f.start < s_end and f.figure.per is None
                 and not _inside_brackets(text, marker.end(), f.start)]
        if len(after) < 2:
            continue
        if ";" not in text[after[0].start:after[1].start]:
            # "gồm: 3 xã ..., 8 xã ...; 6 xã ...": a list by commas ends at the semicolon
            semicolon = text.find(";", after[0].start, s_end)
            after = [f for f in after if semicolon < 0 or f.start < semicolon]
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
        if marker.group().lower().startswith("trong") and \
                total_sum < PARTIAL_SHARE * _amount(total):
            continue  # "trong đó" often names only some parts; a near miss is a slip
        shown = f"{total_sum:g}" if total.unit != "money" else f"{int(total_sum)} đồng"
        warnings.append(Warning(
            code="sum-mismatch",
            message=(f"total {total.quote!r} ({_amount(total):g}) differs from the sum of its "
                     f"{len(parts)} parts ({shown}): "
                     + ", ".join(repr(p.figure.quote) for p in parts)),
            page=total.page, line=total.line,
        ))
    return warnings


def _inside_brackets(text: str, start: int, offset: int) -> bool:
    """Is ``offset`` inside a bracket opened after ``start`` ("130 người (Nhật Bản 104 người,
    Hàn Quốc 26 người)": a breakdown of one part, not more parts)?"""
    stretch = text[start:offset]
    return stretch.count("(") > stretch.count(")")


def check_rates(text: str, found: list[Found]) -> list[Warning]:
    """Counts times rates must give the stated total of their sentence.

    "Xây mới 28 ngôi nhà với mức 60 triệu đồng/ngôi nhà và sửa chữa 15 ngôi nhà với mức 30 triệu
    đồng/ngôi nhà; tổng kinh phí 2.130 triệu đồng": every rate before a total ("tổng ...") in
    the sentence is paired with the nearest count of its unit before it, and the products are
    added. A total that follows another total's pairs only takes the pairs after that total.
    """
    warnings: list[Warning] = []
    prose = [f for f in found if not any(n.startswith("table cell") for n in f.figure.notes)]
    used_until = -1
    for total in prose:
        fig = total.figure
        if fig.unit != "money" or fig.per is not None or not _is_total(text, total):
            continue
        s_start, _ = _sentence_bounds(text, total.start)
        floor = max(s_start, used_until)
        before = [f for f in prose if floor <= f.start < total.start]
        pairs: list[tuple[Found, Found]] = []
        for i, rate in enumerate(before):
            r = rate.figure
            if r.unit != "money" or r.per is None or r.vnd is None or r.vnd_max is not None:
                continue
            counts = [c for c in before[:i] if c.figure.unit == r.per
                      and not any(c.start < p[0].start for p in pairs)]
            if counts:
                pairs.append((counts[-1], rate))
        used_until = total.start
        # A count of the same unit with no rate of its own, after the pairs, owns the total.
        paired = {id(c) for c, _ in pairs}
        units = {r.figure.per for _, r in pairs}
        loose = [c.start for c in before if c.figure.unit in units and id(c) not in paired
                 and pairs and c.start > pairs[0][0].start]
        if loose:
            pairs = [(c, r) for c, r in pairs if c.start > max(loose)]
        if not pairs:
            continue
        if any(c.figure.unit != "money" and id(c) not in paired and c.start > pairs[-1][1].start
               for c in before):
            continue  # "...; hỗ trợ 9 hộ bị thiệt hại ... với tổng số tiền": more than the pairs
        expected = sum(c.figure.value * r.figure.vnd for c, r in pairs)
        average = any(_AVERAGE_BEFORE.search(text[max(0, r.start - 50):r.start])
                      for _, r in pairs)
        if _close(expected, float(fig.vnd or 0), 0.05 if average else 0.001):
            continue
        terms = " + ".join(f"{c.figure.quote!r} × {r.figure.quote!r}" for c, r in pairs)
        warnings.append(Warning(
            code="rate-mismatch",
            message=(f"{terms} = {int(expected)} đồng, but the stated total {fig.quote!r} is "
                     f"{fig.vnd} đồng"),
            page=fig.page, line=fig.line,
        ))
    return warnings


def cross_check(text: str, found: list[Found]) -> list[Warning]:
    return check_parts(text, found) + check_rates(text, found)
