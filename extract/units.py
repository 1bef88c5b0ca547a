"""Units printed after a number: what a figure counts or pays, read from exact words.

Why a module: a number becomes a figure only when a known unit follows it ("110 hộ", "5.766
triệu đồng", "100%"), so the unit vocabulary (patterns.UNIT_NOUNS, MONEY, PERCENT) and the rate
that may follow ("/ngôi nhà") are read here, in one place. OCR-damaged unit words are read in
extract.units_ocr, which builds on these.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extract import patterns as P
from extract.numbers import normalise_money_unit


@dataclass(frozen=True)
class Unit:
    unit: str
    end: int  # flow offset after the unit words
    money_unit: str | None = None
    per: str | None = None
    noun_start: int | None = None
    ocr_read: bool = False  # read through OCR damage (see ocr_unit_after)


_PER_WORDS = {"năm": "year", "tháng": "month", "ngày": "day", "tuần": "week", "quý": "quarter"}


def per_unit(word: str) -> str:
    """Name a rate's denominator in the unit vocabulary where one fits ("ngôi nhà" → house)."""
    low = " ".join(word.lower().split())
    if low in _PER_WORDS:
        return _PER_WORDS[low]
    folded = fold(low) if low.isascii() else ""
    if folded in ("ngoinha", "ngoi", "nha", "can", "cannha"):
        return "house"
    if folded in ("ho", "nguoi", "xa"):
        return {"ho": "household", "nguoi": "person", "xa": "commune"}[folded]
    for pattern, unit in P.UNIT_NOUN_PATTERNS:
        if unit != "count" and pattern.fullmatch(" " + low):
            return unit
    return low


def exact_unit_after(text: str, pos: int) -> Unit | None:
    if m := P.PERCENT.match(text, pos):
        per = None
        end = m.end()
        if r := P.PER.match(text, end):
            per, end = per_unit(r["per"]), r.end()
        return Unit("percent", end, per=per)
    if m := P.MONEY.match(text, pos):
        scale = m["scale"]
        per = None
        end = m.end()
        if r := P.PER.match(text, end):
            per = per_unit(r["per"])
            end = r.end()
        return Unit("money", end, money_unit=normalise_money_unit(scale), per=per)
    for pattern, unit in P.UNIT_NOUN_PATTERNS:
        if m := pattern.match(text, pos):
            per = None
            end = m.end()
            if r := P.PER_SLASH.match(text, end):
                per, end = per_unit(r["per"]), r.end()
            return Unit(unit, end, noun_start=m.start("noun"), per=per)
    return None


_OCR_FOLD = str.maketrans({"¢": "e", "6": "o", "0": "o", "4": "a", "@": "a", "1": "l", "w": ""})


def fold(token: str) -> str:
    """The OCR-invariant key of a token: no marks, lower case, OCR digit-for-letter undone."""
    from normalize.lexicon import skeleton

    key = skeleton(token).translate(_OCR_FOLD)
    return regex.sub(r"[^a-z]", "", key)


def unit_before(text: str, start: int, end: int) -> Unit | None:
    """"số hộ cận nghèo: 567": a bare number ending its clause, its unit named just before;
    "doanh số cho vay (triệu đồng) đạt 121.640": a bracketed unit before it."""
    if not regex.match(r"\s*(?:[,;.)]|$|\n\s*\n)", text[end:end + 4]):
        return None
    if b := _BRACKETED_BEFORE.search(text[max(0, start - 40):start]):
        money = regex.fullmatch(r"(?P<scale>tỷ|tỉ|triệu|nghìn|ngàn)\s+đồng|(?P<scale>đồng)",
                                b["unit"].strip(), regex.IGNORECASE)
        if money:
            return Unit("money", end, money_unit=normalise_money_unit(money["scale"]))
    m = P.UNIT_BEFORE.search(text[max(0, start - 90):start])
    if not m:
        return None
    base = max(0, start - 90)
    for pattern, unit in P.UNIT_NOUN_PATTERNS:
        if unit != "count" and pattern.fullmatch(" " + m["noun"]):
            return Unit(unit, end, noun_start=base + m.start("noun"))
    return None


_BRACKETED_BEFORE = regex.compile(r"\((?P<unit>[^()]{2,15})\)\s+(?:là|đạt|:)?\s*$",
                                  regex.IGNORECASE)


def unit_from_words(words: str) -> Unit | None:
    """A unit named in a header or caption: "Số hộ nghèo", "Kinh phí (triệu đồng)", "Tỷ lệ (%)"."""
    low = words.lower()
    if "%" in low or "tỷ lệ" in low or "tỉ lệ" in low:
        return Unit("percent", 0)
    declared = _DECLARED.search(words)
    if declared and declared["unit"] != words.strip("() ") and \
            (found := unit_from_words(declared["unit"])):
        return found
    if money := _MONEY_WORDS.search(words):
        return Unit("money", 0, money_unit=normalise_money_unit(money["scale"]))
    trimmed = _COUNT_LEAD.sub(" ", words)
    for pattern, unit in P.UNIT_NOUN_PATTERNS:
        if pattern.match(trimmed):
            return Unit(unit, 0)
    return None


_DECLARED = regex.compile(r"\((?P<unit>[^()]{1,30})\)")
_MONEY_WORDS = regex.compile(r"(?P<scale>tỷ|tỉ|triệu|nghìn|ngàn)\s+đồng|\b(?P<scale>đồng|VNĐ|VND)\b",
                             regex.IGNORECASE)
_COUNT_LEAD = regex.compile(r"^\s*(?:số|số\s+lượng|tổng\s+số|tổng)\s+", regex.IGNORECASE)
