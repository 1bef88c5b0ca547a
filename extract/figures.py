"""Figures of a report: every counted or paid quantity, tied to the words it came from.

Why this shape: a report's numbers only mean something with their unit ("110 hộ", "5.766 triệu
đồng", "100%"), so a number becomes a figure only when a known unit follows it. Everything else
(document numbers, dates, section numbers, phone numbers, legal references, years) is left alone:
a wrong figure costs more than a missed one. Each figure then takes the year being reported
("Năm 2021, ..." carries until another year is named; a new section resets it), the period, the
section heading, its subject words, and its exact quote, line, span and box.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from extract import patterns as P
from extract.numbers import money_to_vnd, normalise_money_unit, parse_number, words_to_number
from extract.structure import Flow, Section, Table, section_at
from schemas import Box, Document, Figure, Line

BASE_CONFIDENCE = 0.9
TABLE_CONFIDENCE = 0.8


@dataclass
class Found:
    """A figure with its place in the flow, which the cross-checks need."""

    figure: Figure
    start: int  # flow offset of the first number
    end: int  # flow offset just past the unit (and rate)


@dataclass(frozen=True)
class _Unit:
    unit: str
    end: int  # flow offset after the unit words
    money_unit: str | None = None
    per: str | None = None
    noun_start: int | None = None
    ocr_read: bool = False  # read through OCR damage (see ocr_unit_after)


# ----------------------------------------------------------------------------- units


_PER_WORDS = {"năm": "year", "tháng": "month", "ngày": "day", "tuần": "week", "quý": "quarter"}


def _per_unit(word: str) -> str:
    """Name a rate's denominator in the unit vocabulary where one fits ("ngôi nhà" → house)."""
    low = " ".join(word.lower().split())
    if low in _PER_WORDS:
        return _PER_WORDS[low]
    folded = _fold(low) if low.isascii() else ""
    if folded in ("ngoinha", "nha", "can", "cannha"):
        return "house"
    if folded in ("ho", "nguoi", "xa"):
        return {"ho": "household", "nguoi": "person", "xa": "commune"}[folded]
    for pattern, unit in P.UNIT_NOUN_PATTERNS:
        if unit != "count" and pattern.fullmatch(" " + low):
            return unit
    return low


def unit_after(text: str, pos: int, ocr_tolerant: bool = False) -> _Unit | None:
    """The unit printed right after a number ending at ``pos``; None when there is none.

    With ``ocr_tolerant`` (OCR'd or restored text), a unit word that OCR damaged beyond what
    restoration repaired is still recognised, and the result says so (``ocr_read``).
    """
    exact = _exact_unit_after(text, pos)
    if exact is not None and ocr_tolerant and exact.unit == "count" and \
            exact.noun_start is not None and \
            text[exact.noun_start:exact.end].lower() in ("lượt", "suất", "con", "chiếc", "bộ"):
        # "41.327 lượt ngu@i": a classifier whose noun OCR damaged; the noun decides the unit.
        noun = ocr_unit_after(text, exact.end)
        if noun is not None and noun.unit != "count":
            return _Unit(noun.unit, noun.end, noun.money_unit, noun.per, exact.noun_start,
                         ocr_read=True)
    if exact is not None or not ocr_tolerant:
        return exact
    damaged = ocr_unit_after(text, pos)
    if damaged is None:
        return None
    return _Unit(damaged.unit, damaged.end, damaged.money_unit, damaged.per, damaged.noun_start,
                 ocr_read=True)


def _exact_unit_after(text: str, pos: int) -> _Unit | None:
    if m := P.PERCENT.match(text, pos):
        per = None
        end = m.end()
        if r := P.PER.match(text, end):
            per, end = _per_unit(r["per"]), r.end()
        return _Unit("percent", end, per=per)
    if m := P.MONEY.match(text, pos):
        scale = m["scale"]
        per = None
        end = m.end()
        if r := P.PER.match(text, end):
            per = _per_unit(r["per"])
            end = r.end()
        return _Unit("money", end, money_unit=normalise_money_unit(scale), per=per)
    for pattern, unit in P.UNIT_NOUN_PATTERNS:
        if m := pattern.match(text, pos):
            per = None
            end = m.end()
            if r := P.PER_SLASH.match(text, end):
                per, end = _per_unit(r["per"]), r.end()
            return _Unit(unit, end, noun_start=m.start("noun"), per=per)
    return None


# ----------------------------------------------------------------------------- OCR-damaged units

_OCR_FOLD = str.maketrans({"¢": "e", "6": "o", "0": "o", "4": "a", "@": "a", "1": "l", "w": ""})
_TOKEN = regex.compile(r"[^\s/]+")
_CONFIRM_HOUSEHOLD = {"ngheo", "can", "gia", "dan", "moi", "thoat"}


def _fold(token: str) -> str:
    """The OCR-invariant key of a token: no marks, lower case, OCR digit-for-letter undone."""
    from normalize.lexicon import skeleton

    key = skeleton(token).translate(_OCR_FOLD)
    return regex.sub(r"[^a-z]", "", key)


def _plausible_damage(token: str, distance: int) -> bool:
    """May ``token`` be an OCR-damaged spelling? Not when it is a real syllable with marks
    ("hồ", "thế", "đông" are words of their own), nor, for an inexact match, any real syllable."""
    from normalize.lexicon import has_vietnamese_marks, load_lexicon

    bare = token.strip(",;.:()\"'“”")
    known = bare.lower() in load_lexicon()
    if distance == 0 and bare != token.rstrip(",;.:)"):
        return True  # a stray mark glued to the word: "(triệu đồng" read from "triệu đồng"
    if distance == 0:
        return not known or not has_vietnamese_marks(bare)
    return not known


def _near(token: str, key: str, limit: int = 1) -> int | None:
    from rapidfuzz.distance import Levenshtein

    distance = Levenshtein.distance(_fold(token), key)
    if distance > (limit if len(key) >= 3 else 0) or not _plausible_damage(token, distance):
        return None
    return distance


def ocr_unit_after(text: str, pos: int) -> _Unit | None:
    """The unit after a number when OCR damage survived restoration ("tri¢u d6ng", "thé¢").

    Only words that cannot be read as they stand (not a real syllable, or stripped of every
    mark) are compared, after folding, with the unit words; the caller marks the figure.
    """
    tokens = []
    for m in _TOKEN.finditer(text, pos, min(len(text), pos + 60)):
        tokens.append(m)
        if len(tokens) == 3:
            break
    if not tokens or tokens[0].start() - pos > 3 or "\n\n" in text[pos:tokens[0].start()]:
        return None
    first = tokens[0].group()
    second = tokens[1].group() if len(tokens) > 1 else ""
    fold2 = _fold(second)

    def end_of(m: regex.Match) -> int:
        return m.start() + len(regex.sub(r"[,;.:)]+$", "", m.group()))

    if first.startswith("%"):
        return None
    if cleaned := _cleaned_unit(text, tokens):
        return cleaned
    scale = next((k for k in ("trieu", "nghin", "ngan") if _near(first, k) is not None), None)
    if scale is None and _fold(first) in ("ty", "ti") and _plausible_damage(first, 0):
        scale = "ty"
    if scale:
        money = {"trieu": "triệu", "nghin": "nghìn", "ngan": "nghìn", "ty": "tỷ"}[scale]
        end = end_of(tokens[1]) if second and _near(second, "dong") is not None else \
            end_of(tokens[0])
        return _per_after(text, _Unit("money", end, money_unit=money))
    if _near(first, "dong") is not None and len(_fold(first)) >= 3:
        return _per_after(text, _Unit("money", end_of(tokens[0]), money_unit="đồng"))
    if _near(first, "the") is not None:
        return _Unit("card", end_of(tokens[0]), noun_start=tokens[0].start())
    folded = _fold(first)
    if len(folded) == 2 and folded[0] == "h" and fold2 in _CONFIRM_HOUSEHOLD:
        return _Unit("household", end_of(tokens[0]), noun_start=tokens[0].start())
    if folded in ("ngoi", "can", "ngdi") and second and _near(second, "nha") is not None:
        return _Unit("house", end_of(tokens[1]), noun_start=tokens[0].start())
    if _near(first, "nha", 0) is not None:
        return _Unit("house", end_of(tokens[0]), noun_start=tokens[0].start())
    if folded == "xa" and _plausible_damage(first, 0) and fold2 != "hoi":
        return _Unit("commune", end_of(tokens[0]), noun_start=tokens[0].start())
    if _near(first, "nguoi") is not None:
        return _Unit("person", end_of(tokens[0]), noun_start=tokens[0].start())
    if _fold(first) == "tieu" and second and _near(second, "chi", 0) is not None:
        return _per_after(text, _Unit("criterion", end_of(tokens[1]),
                                      noun_start=tokens[0].start()))
    return None


_OCR_SPECKS = regex.compile(r"[’‘'`´¢@!|]")


def _cleaned_unit(text: str, tokens: list[regex.Match]) -> _Unit | None:
    """The exact unit words once OCR specks inside words are wiped ("05 cơ’ sở" → cơ sở)."""
    if not any(_OCR_SPECKS.search(t.group()) for t in tokens):
        return None
    words = [_OCR_SPECKS.sub("", t.group()) for t in tokens]
    joined = " " + " ".join(words)
    exact = _exact_unit_after(joined, 0)
    if exact is None:
        return None
    consumed, position = 0, 0
    for i, word in enumerate(words):  # map the end in ``joined`` back to a token of the text
        position += 1 + len(word)
        consumed = i
        if position >= exact.end:
            break
    end = tokens[consumed].end()
    return _Unit(exact.unit, end, exact.money_unit, exact.per,
                 noun_start=tokens[0].start() if exact.noun_start is not None else None)


def _per_after(text: str, unit: _Unit) -> _Unit:
    if r := P.PER.match(text, unit.end):
        return _Unit(unit.unit, r.end(), money_unit=unit.money_unit, per=_per_unit(r["per"]))
    return unit


# ----------------------------------------------------------------------------- time context


@dataclass(frozen=True)
class TimeContext:
    """The year or period a figure refers to."""

    year: int | None
    period: str | None


_Time = TimeContext
NO_TIME = TimeContext(None, None)


@dataclass(frozen=True)
class _TimeMark:
    start: int
    end: int
    year: int | None
    period: str | None


def time_marks(text: str, document_year: int | None = None,
               ocr_tolerant: bool = False) -> list[_TimeMark]:
    """Every "năm 2021" and "giai đoạn 2021-2025" that says what time the text is about.

    Years inside a date ("ngày 22 tháng 12 năm 2017"), a comparison ("so với năm 2020") or a
    legal reference ("Luật Trợ giúp pháp lý năm 2017") are not the reported year and are skipped.
    """
    marks: list[_TimeMark] = []
    taken: list[tuple[int, int]] = []
    patterns = (P.PERIOD_FROM_TO, P.PERIOD) + ((P.PERIOD_BARE,) if ocr_tolerant else ())
    for pattern in patterns:
        for m in pattern.finditer(text):
            if any(s <= m.start() < e for s, e in taken):
                continue
            y1, y2 = int(m["y1"]), int(m["y2"])
            if y1 < y2 <= y1 + 30:
                marks.append(_TimeMark(m.start(), m.end(), None, f"{y1}-{y2}"))
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
        marks.append(_TimeMark(m.start(), m.end(), int(m["year"]), None))
    for m in P.PART_OF_YEAR.finditer(text):
        if not P.YEAR_NOT_CONTEXT.search(text[max(0, m.start() - 100):m.start()]):
            marks.append(_TimeMark(m.start(), m.end(), int(m["year"]), None))
    for m in P.AS_OF_DATE.finditer(text):
        marks.append(_TimeMark(m.start(), m.end(), int(m["year"]), None))
    if document_year is not None:
        for m in P.AS_OF_NOW.finditer(text):
            marks.append(_TimeMark(m.start(), m.end(), document_year, None))
    return sorted(marks, key=lambda mark: mark.start)




def time_at(offset: int, marks: list[_TimeMark], section: Section | None, text: str,
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
                return _Time(mark.year, mark.period)
            if mark.start > end + 40:
                break
    floor = section.start if section else 0
    latest: _TimeMark | None = None
    for mark in marks:
        if mark.start >= offset:
            break
        if mark.start >= floor:
            latest = mark
    if latest is None and forward:
        clause_end = _clause_end(text, offset)
        for mark in marks:
            if offset < mark.start < clause_end and mark.year is not None:
                return _Time(mark.year, None)
    if latest is None:
        return default
    if latest.year is not None:
        return _Time(latest.year, None)
    return _Time(None, latest.period)


def _clause_end(text: str, offset: int) -> int:
    m = P.CLAUSE_END.search(text, offset)
    return m.start() if m else len(text)


# ----------------------------------------------------------------------------- subject


def _words(text: str, limit: int) -> str:
    return " ".join(text.split()[:limit])


def subject_for(text: str, start: int, unit: _Unit) -> str | None:
    """What is counted or paid, in the document's words.

    Counts: the noun phrase from the counted noun to the next stop ("hộ cận nghèo được vay vốn").
    Money and percentages: the words before the number in its clause ("tổng số tiền"), or for
    percentages the words after it ("hộ nghèo được hỗ trợ tiền điện").
    """
    if unit.noun_start is not None:
        stop = P.SUBJECT_STOP.search(text, unit.noun_start + 1)
        end = stop.start() if stop else len(text)
        return _words(text[unit.noun_start:end], 10) or None
    if unit.unit == "percent":
        stop = P.SUBJECT_STOP.search(text, unit.end)
        after = _words(text[unit.end:stop.start() if stop else len(text)], 10)
        if after:
            return after
    origin = max(0, start - 120)
    head = text[origin:start]
    if "\n\n" in head:
        head = head[head.rindex("\n\n") + 2:]
    elif origin > 0 and not text[origin - 1].isspace():
        head = head.split(" ", 1)[-1]  # the window began inside a word
    head = head.replace("\n", " ")
    cut = max(head.rfind(c) for c in ",;:(.")
    phrase = _TIME_WORDS.sub(" ", head[cut + 1:])
    phrase = _TRAILING_WORDS.sub("", phrase).strip()
    words = phrase.split()
    return " ".join(words[-10:]) or None


# Time expressions and linking words are not part of what a figure counts.
_TIME_WORDS = regex.compile(
    r"\b(?:(?:trong|của|vào|cuối|đầu)\s+)?(?:giai\s+đoạn|năm)\s+\d{4}(?:\s*[-–]\s*\d{4})?"
    r"|\b(?:tính\s+)?đến\s+(?:ngày\s+)?\d{1,2}/\d{1,2}/\d{4}",
    regex.IGNORECASE,
)
_TRAILING_WORDS = regex.compile(
    r"(?:\s+(?:là|đạt|còn|với|khoảng|trên|gần|hơn|dưới|tới|lên|có|được|tổng\s+cộng)|\s*:)+\s*$",
    regex.IGNORECASE,
)


# ----------------------------------------------------------------------------- provenance


def _restored_changes(line: Line) -> list[tuple[int, int, str, float, str]]:
    """Changes as (start, end) in the line's best text, with their raw text, confidence, reason.

    A Change records raw offsets; restored offsets follow by adding up the length differences
    of the earlier changes. A change whose restored text is not where that arithmetic puts it is
    searched for nearby; if still not found it is dropped from span checks (and only counts as
    a token match below).
    """
    if line.restored is None:
        return []
    out: list[tuple[int, int, str, float, str]] = []
    shift = 0
    for change in sorted(line.changes, key=lambda c: c.start):
        begin = change.start + shift
        shift += len(change.restored) - (change.end - change.start)
        if line.restored[begin:begin + len(change.restored)] != change.restored:
            near = line.restored.find(change.restored, max(0, begin - 10))
            if near < 0 or not change.restored:
                continue
            begin = near
        out.append((begin, begin + len(change.restored), change.raw, change.confidence,
                    change.reason))
    return out


def ocr_risk(line: Line, start: int, end: int, quote: str) -> tuple[float, list[str]]:
    """A confidence factor and notes for restoration edits inside a figure's quote.

    A digit that restoration turned into a letter, or a letter it turned into a digit, inside
    the number is the worst case: the figure is kept but marked and strongly discounted, never
    silently. Low-confidence edits elsewhere in the quote lower confidence a little.
    """
    factor = 1.0
    notes: list[str] = []
    for begin, finish, raw, confidence, reason in _restored_changes(line):
        if finish <= start or begin >= end:
            continue
        digits_touched = any(ch.isdigit() for ch in raw + line.best_text[begin:finish])
        if reason == "digit-letter" or (digits_touched and raw != line.best_text[begin:finish]
                                         and _digit_letter_swap(raw, line.best_text[begin:finish])):
            factor = min(factor, 0.4)
            notes.append(f"ocr: restoration changed digits/letters here ({raw!r} → "
                         f"{line.best_text[begin:finish]!r}); check the number")
        elif confidence < 0.6:
            factor = min(factor, 0.7)
            notes.append(f"ocr: low-confidence restoration {raw!r} → "
                         f"{line.best_text[begin:finish]!r}")
    if not notes:
        tokens = set(quote.split())
        low = [c for c in line.changes if c.confidence < 0.6 and c.restored
               and set(c.restored.split()) & tokens]
        if low:
            factor = 0.7
            notes.append("ocr: quote holds low-confidence restored tokens: "
                         + ", ".join(sorted({c.restored for c in low})))
    return factor, notes


def _digit_letter_swap(raw: str, restored: str) -> bool:
    return sum(c.isdigit() for c in raw) != sum(c.isdigit() for c in restored)


def _covered_words(line: Line, start: int, end: int) -> list | None:
    """The reader's words under a span, when restoration left tokens and words aligned."""
    tokens = list(regex.finditer(r"\S+", line.best_text))
    if not line.words or len(tokens) != len(line.words):
        return None
    return [w for t, w in zip(tokens, line.words, strict=True)
            if t.start() < end and t.end() > start]


def word_risk(line: Line, start: int, end: int) -> tuple[float, list[str]]:
    """OCR's own doubt: a figure over words the engine read with low confidence (< 0.6)."""
    words = _covered_words(line, start, end) or []
    doubtful = [w.text for w in words if w.confidence is not None and w.confidence < 0.6]
    if not doubtful:
        return 1.0, []
    return 0.8, ["ocr: low engine confidence on " + ", ".join(repr(t) for t in doubtful)]


def line_quality(line: Line) -> tuple[float, list[str]]:
    """A line that restoration could not turn into Vietnamese (many words that are not
    syllables) is read badly; every figure on it is doubtful, whatever its own words look like."""
    from normalize.lexicon import load_lexicon

    words = [w.strip(",;.:()\"'“”%").lower() for w in line.best_text.split()]
    words = [w for w in words if w and w.isalpha()]
    if len(words) < 4:
        return 1.0, []
    lexicon = load_lexicon()
    unknown = sum(1 for w in words if w not in lexicon)
    if unknown <= 0.25 * len(words):
        return 1.0, []
    return 0.6, [f"ocr: line poorly read ({unknown} of {len(words)} words are not Vietnamese)"]


def box_for(line: Line, start: int, end: int) -> Box | None:
    """Union of the boxes of the words the span covers, when words and tokens line up.

    Restoration may merge or split tokens; when the count of tokens differs from the count of
    words, which word is which is unsure and no box is given.
    """
    words = _covered_words(line, start, end)
    if not words or any(w.box is None for w in words):
        return None
    return Box.union([w.box for w in words if w.box is not None])


# ----------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class _Candidate:
    start: int  # flow offset of the quote start
    num_start: int
    num_end: int
    value: float
    value_max: float | None
    of: float | None
    unit: _Unit


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
        unit = unit_after(text, m.end(), ocr_tolerant) or _unit_before(text, m.start(), m.end())
        if value is None or unit is None:
            continue
        if _is_reference_number(text, m.start(), m["num"]):
            continue
        found.append(_Candidate(m.start(), m.start(), m.end(), value, None, None, unit))
        taken.append((m.start(), unit.end))
    return sorted(found, key=lambda c: c.start)


def _unit_before(text: str, start: int, end: int) -> _Unit | None:
    """"số hộ cận nghèo: 567": a bare number ending its clause, its unit named just before."""
    if not regex.match(r"\s*(?:[,;.)]|$|\n\s*\n)", text[end:end + 4]):
        return None
    m = P.UNIT_BEFORE.search(text[max(0, start - 90):start])
    if not m:
        return None
    base = max(0, start - 90)
    for pattern, unit in P.UNIT_NOUN_PATTERNS:
        if unit != "count" and pattern.fullmatch(" " + m["noun"]):
            return _Unit(unit, end, noun_start=base + m.start("noun"))
    return None


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
    marks = time_marks(text, document_year, ocr_tolerant)
    out: list[Found] = []
    for cand in _candidates(text, table_spans, ocr_tolerant):
        figure = _figure_from(cand, text, flow, lines, sections, marks, default)
        if figure is not None:
            out.append(Found(figure, cand.num_start, cand.unit.end))
    for table in tables:
        out.extend(table_figures(table, flow, lines, sections, marks, default, ocr_tolerant))
    return sorted(out, key=lambda found: found.start)


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
                 marks: list[_TimeMark], default: TimeContext) -> Figure | None:
    unit = cand.unit
    index, q_start, q_end = _quote_span(flow, cand.start, unit.end, cand.num_start)
    ref = flow.lines[index]
    line = lines[(ref.page, ref.line)]
    quote = ref.text[q_start:q_end]
    if not quote.strip():
        return None
    section = section_at(sections, cand.num_start)
    when = time_at(cand.num_start, marks, section, text, default, end=cand.unit.end)
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
    factor, ocr_notes = ocr_risk(line, q_start, q_end, quote)
    confidence *= factor
    notes += ocr_notes
    factor, engine_notes = word_risk(line, q_start, q_end)
    confidence *= factor
    notes += engine_notes
    if unit.ocr_read or ocr_notes or engine_notes or line.changes:
        factor, quality_notes = line_quality(line)
        confidence *= factor
        notes += quality_notes
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


# ----------------------------------------------------------------------------- tables

_HEADER_YEAR = regex.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?!\d)")
_HEADER_PERIOD = regex.compile(r"(?P<y1>(?:19|20)\d{2})\s*[-–]\s*(?P<y2>(?:19|20)\d{2})")


def _unit_from_words(words: str) -> _Unit | None:
    """A unit named in a header or caption: "Số hộ nghèo", "Kinh phí (triệu đồng)", "Tỷ lệ (%)"."""
    low = words.lower()
    if "%" in low or "tỷ lệ" in low or "tỉ lệ" in low:
        return _Unit("percent", 0)
    declared = regex.search(r"\((?P<unit>[^()]{1,30})\)", words)
    if declared and declared["unit"] != words.strip("() ") and \
            (found := _unit_from_words(declared["unit"])):
        return found
    money = regex.search(r"(?P<scale>tỷ|tỉ|triệu|nghìn|ngàn)\s+đồng|\b(?P<scale>đồng|VNĐ|VND)\b",
                         words, regex.IGNORECASE)
    if money:
        return _Unit("money", 0, money_unit=normalise_money_unit(money["scale"]))
    for pattern, unit in P.UNIT_NOUN_PATTERNS:
        trimmed = regex.sub(r"^\s*(?:số|số\s+lượng|tổng\s+số|tổng)\s+", " ", words,
                            flags=regex.IGNORECASE)
        if pattern.match(trimmed):
            return _Unit(unit, 0)
    return None


_CELL_FRACTION = regex.compile(r"(?P<num>\d{1,4})\s*/\s*(?P<of>\d{1,4})")
_STATED_UNIT = regex.compile(r"\(?\s*(?:đơn\s+vị(?:\s+tính)?|ĐVT)\s*:\s*(?P<unit>[^)]+)\)?",
                             regex.IGNORECASE)


def _percent_head(head: str) -> _Unit | None:
    """A column of rates ("Tỷ lệ (%)") stays a percentage whatever unit the caption states."""
    unit = _unit_from_words(head)
    return unit if unit is not None and unit.unit == "percent" else None


_FOLDED_STATED = {
    "the": ("card", None), "ho": ("household", None), "nguoi": ("person", None),
    "xa": ("commune", None), "nha": ("house", None), "ngoinha": ("house", None),
    "can": ("house", None), "tieuchi": ("criterion", None), "dong": ("money", "đồng"),
    "trieudong": ("money", "triệu"), "tydong": ("money", "tỷ"), "nghindong": ("money", "nghìn"),
}


def _stated_unit(caption: str, ocr_tolerant: bool = False) -> _Unit | None:
    """"(đơn vị: thẻ)", "ĐVT: triệu đồng": the unit a table states for all its cells.

    The words after "đơn vị:" are a unit by construction, so on OCR'd text they are also
    compared folded ("thể" restored from "thé" is still thẻ)."""
    m = _STATED_UNIT.search(caption)
    if not m:
        return None
    exact = _unit_from_words(m["unit"])
    if exact is not None or not ocr_tolerant:
        return exact
    key = "".join(_fold(t) for t in m["unit"].split())
    if key in _FOLDED_STATED:
        unit, money = _FOLDED_STATED[key]
        return _Unit(unit, 0, money_unit=money)
    return None


def _breaks_decimal_column(table: Table, row: list, col: int) -> bool:
    """Every other value of the column has a decimal comma and this one has none."""
    cell = row[col][0]
    if "," in cell:
        return False
    others = [r[col][0] for r in table.rows if r is not row and len(r) > col]
    numeric = [c for c in others if parse_number(c.rstrip("%")) is not None]
    return len(numeric) >= 2 and all("," in c for c in numeric)


def table_figures(table: Table, flow: Flow, lines: dict, sections: list[Section],
                  marks: list[_TimeMark], default: TimeContext,
                  ocr_tolerant: bool = False) -> list[Found]:
    """Cells of a table → figures, with the row label as subject and the column's year.

    The unit comes from the column header ("Số hộ nghèo", "Kinh phí (triệu đồng)") or, failing
    that, from the row label or the caption; a column with no recognisable unit gives nothing.
    Columns that are serial numbers ("TT", "STT") are skipped.
    """
    out: list[Found] = []
    header = table.header
    for row in table.rows:
        if not row:
            continue
        label_cells = [c for c in row if parse_number(c[0]) is None
                       and not _CELL_FRACTION.fullmatch(c[0])]
        label = label_cells[0][0] if label_cells else ""
        offset = len(row) - len(header)
        for col, (cell, start, end) in enumerate(row):
            value = parse_number(cell.rstrip("%").strip())
            if value is None and cell.endswith(".") and regex.search(r"[.,]", cell[:-1]):
                value = parse_number(cell[:-1])  # "6.807.", "1,86.": a speck after the number
            if value is not None and ocr_tolerant and _breaks_decimal_column(table, row, col):
                continue  # "71" among "8,6", "10,3": OCR lost the decimal comma
            in_cell = None
            if value is None and (number := P.NUMBER.match(cell)):
                in_cell = unit_after(cell, number.end())  # "120 hộ": the cell names its unit
                if in_cell is not None and in_cell.end >= len(cell.rstrip(" .;,")):
                    value = parse_number(number["num"])
            whole = None
            if value is None and (fraction := _CELL_FRACTION.fullmatch(cell)):
                value, whole = float(fraction["num"]), float(fraction["of"])
                if value > whole:
                    continue
            if value is None:
                continue
            head_index = col - offset if offset > 0 else col
            head = header[head_index] if 0 <= head_index < len(header) else ""
            if regex.fullmatch(r"(?:S?TT|Số\s+TT|#)", head.strip(), regex.IGNORECASE):
                continue
            if col == 0 and not head:
                continue
            unit = (in_cell or _percent_head(head) or _stated_unit(table.caption, ocr_tolerant)
                    or _unit_from_words(head) or _unit_from_words(label)
                    or _unit_from_words(table.caption))
            if cell.endswith("%"):
                unit = _Unit("percent", 0)
            if unit is None:
                continue
            year = None
            period = None
            if y := _HEADER_PERIOD.search(head):
                period = f"{y['y1']}-{y['y2']}"
            elif y := _HEADER_YEAR.search(head):
                year = int(y["year"])
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
            if whole is not None:
                notes.append(f"of {whole:g}")
            vnd = money_to_vnd(value, unit.money_unit) if unit.unit == "money" else None
            if unit.unit == "percent" and value > 100:
                notes.append("growth")
            factor, ocr_notes = ocr_risk(line, q_start, q_end, cell)
            section = section_at(sections, start)
            figure = Figure(
                unit=unit.unit, value=value, money_unit=unit.money_unit, vnd=vnd,
                year=year, period=period, subject=" ".join(f"{label} {head}".split()) or None,
                section=section.title if section else None, quote=ref.text[q_start:q_end],
                page=ref.page, line=ref.line, start=q_start, end=q_end,
                box=box_for(line, q_start, q_end),
                confidence=round(TABLE_CONFIDENCE * factor, 3), notes=notes + ocr_notes,
            )
            out.append(Found(figure, start, end))
    return out
