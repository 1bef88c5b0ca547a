"""What a figure counts or pays, in the document's own words.

Why a module: the subject is text selection, not arithmetic; it has its own stop words and
trimming rules (time words and linking verbs are not part of what is counted).
"""

from __future__ import annotations

import regex

from extract import patterns as P
from extract.units import Unit


def _words(text: str, limit: int) -> str:
    return " ".join(text.split()[:limit])


def subject_for(text: str, start: int, unit: Unit) -> str | None:
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
