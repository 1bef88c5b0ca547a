"""Vietnamese numbers and money, as printed in administrative reports.

Why a module of its own: Vietnamese writes "." to group thousands and "," as the decimal mark
("5.766 triệu đồng" is five thousand seven hundred and sixty-six million đồng, "12,5 tỷ" is twelve
and a half billion), the opposite of English. Getting this wrong silently multiplies figures by a
thousand, so every place that turns text into a number goes through here.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

# Multipliers of the money words, in đồng. "ngàn" is the southern spelling of "nghìn";
# "tỉ" is the older spelling of "tỷ".
MONEY_SCALE: dict[str, int] = {
    "đồng": 1,
    "đ": 1,
    "vnd": 1,
    "vnđ": 1,
    "nghìn": 1_000,
    "ngàn": 1_000,
    "ngđ": 1_000,
    "triệu": 1_000_000,
    "trđ": 1_000_000,
    "tr.đ": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}

_GROUPED = regex.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_PLAIN = regex.compile(r"^\d+(?:,\d+)?$")
# "1,234,567" (English grouping) is ambiguous in a Vietnamese text; treat as not a number.
_ENGLISH_GROUPED = regex.compile(r"^\d{1,3}(?:,\d{3}){2,}$")


def parse_number(text: str) -> float | None:
    """Parse a Vietnamese-formatted number; None when the text is not one.

    "5.766" → 5766, "50.000.000" → 50000000, "12,5" → 12.5, "09" → 9, "1.036" → 1036.
    A "." followed by other than three digits is not a thousands group ("3.5" is a section
    number, not a value), so it is rejected rather than guessed.
    """
    text = text.strip()
    if not text or _ENGLISH_GROUPED.match(text):
        return None
    if _GROUPED.match(text):
        text = text.replace(".", "")
    elif not _PLAIN.match(text):
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - guarded by the patterns above
        return None
    return float(value)


def money_to_vnd(value: float, money_unit: str) -> int:
    """Amount in its printed unit → integer đồng ("5.766" "triệu" → 5766000000)."""
    scale = MONEY_SCALE[normalise_money_unit(money_unit)]
    return int((Decimal(str(value)) * scale).to_integral_value())


def normalise_money_unit(word: str) -> str:
    """The key of MONEY_SCALE for a printed money word (case and spacing folded)."""
    key = regex.sub(r"\s+", "", word.lower())
    if key not in MONEY_SCALE:
        raise KeyError(f"not a money unit: {word!r}")
    return key


# --- numbers written in words, e.g. "(Năm mươi triệu đồng)" ---------------------------------

_DIGIT_WORDS = {
    "không": 0, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
    "nhăm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9,
}
_SCALE_WORDS = {"nghìn": 1_000, "ngàn": 1_000, "triệu": 1_000_000, "tỷ": 1_000_000_000,
                "tỉ": 1_000_000_000}


def words_to_number(text: str) -> int | None:
    """Read a number spelled in Vietnamese words; None when it is not one.

    Used only to *confirm* a figure printed in digits ("50.000.000 đồng (Năm mươi triệu
    đồng)"), never to create one, so a partial reader that refuses odd input is enough.
    """
    words = [w for w in regex.split(r"[\s,]+", text.lower().strip()) if w]
    if words and words[-1] in ("đồng", "chẵn"):
        words = [w for w in words if w not in ("đồng", "chẵn")]
    if not words:
        return None
    total = 0  # completed groups above the current one
    group = 0  # the current group below a thousand
    current = 0  # the digit waiting for its place word
    seen = False
    for word in words:
        if word in _DIGIT_WORDS:
            current = _DIGIT_WORDS[word]
            seen = True
        elif word in ("mười", "mươi"):
            group += (current or 1) * 10 if word == "mười" else current * 10
            current = 0
        elif word == "trăm":
            group += current * 100
            current = 0
        elif word in ("lẻ", "linh"):
            continue
        elif word in _SCALE_WORDS:
            group += current
            current = 0
            scale = _SCALE_WORDS[word]
            if scale == 1_000_000_000 and total:
                total = (total + group) * scale
            else:
                total += (group or 1) * scale
            group = 0
        else:
            return None
    if not seen and total == 0 and group == 0:
        return None
    return total + group + current
