"""Units read through OCR damage that restoration left ("tri¢u d6ng", "thé¢", "ngu@i").

Why a module: on OCR'd text a unit word may survive restoration still damaged. Reading it is
worth a figure only under strict conditions (the token is not a real syllable, the folded form
is one edit from a unit word), and the figure then says so (Unit.ocr_read) and loses confidence.
``unit_after`` is the entry point: exact words first, then, on OCR'd text, the damaged reading.
"""

from __future__ import annotations

import regex

from extract import patterns as P
from extract.units import Unit, exact_unit_after, fold, per_unit


def unit_after(text: str, pos: int, ocr_tolerant: bool = False) -> Unit | None:
    """The unit printed right after a number ending at ``pos``; None when there is none.

    With ``ocr_tolerant`` (OCR'd or restored text), a unit word that OCR damaged beyond what
    restoration repaired is still recognised, and the result says so (``ocr_read``).
    """
    exact = exact_unit_after(text, pos)
    if exact is not None and ocr_tolerant and exact.unit == "count" and \
            exact.noun_start is not None and \
            text[exact.noun_start:exact.end].lower() in ("lượt", "suất", "con", "chiếc", "bộ"):
        # "41.327 lượt ngu@i": a classifier whose noun OCR damaged; the noun decides the unit.
        noun = ocr_unit_after(text, exact.end)
        if noun is not None and noun.unit != "count":
            return Unit(noun.unit, noun.end, noun.money_unit, noun.per, exact.noun_start,
                         ocr_read=True)
    if exact is not None or not ocr_tolerant:
        return exact
    damaged = ocr_unit_after(text, pos)
    if damaged is None:
        return None
    return Unit(damaged.unit, damaged.end, damaged.money_unit, damaged.per, damaged.noun_start,
                 ocr_read=True)


_TOKEN = regex.compile(r"[^\s/]+")
_CONFIRM_HOUSEHOLD = {"ngheo", "can", "gia", "dan", "moi", "thoat"}


def plausible_damage(token: str, distance: int) -> bool:
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

    distance = Levenshtein.distance(fold(token), key)
    if distance > (limit if len(key) >= 3 else 0) or not plausible_damage(token, distance):
        return None
    return distance


def ocr_unit_after(text: str, pos: int) -> Unit | None:
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
    fold2 = fold(second)

    def end_of(m: regex.Match) -> int:
        return m.start() + len(regex.sub(r"[,;.:)]+$", "", m.group()))

    if first.startswith("%"):
        return None
    if cleaned := _cleaned_unit(text, tokens):
        return cleaned
    scale = next((k for k in ("trieu", "nghin", "ngan") if _near(first, k) is not None), None)
    if scale is None and fold(first) in ("ty", "ti") and plausible_damage(first, 0):
        scale = "ty"
    if scale:
        money = {"trieu": "triệu", "nghin": "nghìn", "ngan": "nghìn", "ty": "tỷ"}[scale]
        end = end_of(tokens[1]) if second and _near(second, "dong") is not None else \
            end_of(tokens[0])
        return per_after(text, Unit("money", end, money_unit=money))
    if _near(first, "dong") is not None and len(fold(first)) >= 3:
        return per_after(text, Unit("money", end_of(tokens[0]), money_unit="đồng"))
    if _near(first, "the") is not None:
        return Unit("card", end_of(tokens[0]), noun_start=tokens[0].start())
    folded = fold(first)
    if len(folded) == 2 and folded[0] == "h" and fold2 in _CONFIRM_HOUSEHOLD:
        return Unit("household", end_of(tokens[0]), noun_start=tokens[0].start())
    if folded in ("ngoi", "can", "ngdi") and second and \
            (fold2 == "nha" or _near(second, "nha") is not None):
        return Unit("house", end_of(tokens[1]), noun_start=tokens[0].start())
    if folded == "can" and plausible_damage(first, 0) and fold2 not in ("bo", "cu"):
        # "9 can" read from "9 căn"; "cán bộ", "căn cứ" are not houses
        return Unit("house", end_of(tokens[0]), noun_start=tokens[0].start())
    if _near(first, "nha", 0) is not None:
        return Unit("house", end_of(tokens[0]), noun_start=tokens[0].start())
    if folded == "xa" and plausible_damage(first, 0) and fold2 != "hoi":
        return Unit("commune", end_of(tokens[0]), noun_start=tokens[0].start())
    if _near(first, "nguoi") is not None:
        return Unit("person", end_of(tokens[0]), noun_start=tokens[0].start())
    if fold(first) == "tieu" and second and _near(second, "chi", 0) is not None:
        return per_after(text, Unit("criterion", end_of(tokens[1]),
                                      noun_start=tokens[0].start()))
    return None


_OCR_SPECKS = regex.compile(r"[’‘'`´¢@!|]")


def _cleaned_unit(text: str, tokens: list[regex.Match]) -> Unit | None:
    """The exact unit words once OCR specks inside words are wiped ("05 cơ’ sở" → cơ sở)."""
    if not any(_OCR_SPECKS.search(t.group()) for t in tokens):
        return None
    words = [_OCR_SPECKS.sub("", t.group()) for t in tokens]
    joined = " " + " ".join(words)
    exact = exact_unit_after(joined, 0)
    if exact is None:
        return None
    consumed, position = 0, 0
    for i, word in enumerate(words):  # map the end in ``joined`` back to a token of the text
        position += 1 + len(word)
        consumed = i
        if position >= exact.end:
            break
    end = tokens[consumed].end()
    return Unit(exact.unit, end, exact.money_unit, exact.per,
                 noun_start=tokens[0].start() if exact.noun_start is not None else None)


def per_after(text: str, unit: Unit) -> Unit:
    if r := P.PER.match(text, unit.end):
        return Unit(unit.unit, r.end(), money_unit=unit.money_unit, per=per_unit(r["per"]))
    return unit
