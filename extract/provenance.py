"""Provenance and doubt of a figure: restoration edits and OCR confidence under its quote, box.

Why a module: a figure must never silently rest on a digit that restoration made from a letter
(or the reverse), and a figure on a line OCR read badly deserves less trust. These functions
turn the line's changes, word confidences and word boxes into a confidence factor, notes, and
the figure's box.
"""

from __future__ import annotations

import regex

from schemas import Box, Line


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


def ocr_risk(line: Line, start: int, end: int, quote: str,
             number: tuple[int, int] | None = None) -> tuple[float, list[str]]:
    """A confidence factor and notes for restoration edits inside a figure's quote.

    A digit that restoration turned into a letter, or a letter it turned into a digit, inside
    the number (``number``: its span in the line; the whole quote when not given) is the worst
    case: the figure is kept but marked and strongly discounted, never silently. The same swap
    in the unit words ("158 T6" → "158 Tổ") is ordinary OCR repair: noted, barely discounted.
    Low-confidence edits elsewhere in the quote lower confidence a little.
    """
    n_start, n_end = number if number is not None else (start, end)
    factor = 1.0
    notes: list[str] = []
    for begin, finish, raw, confidence, reason in _restored_changes(line):
        if finish <= start or begin >= end:
            continue
        digits_touched = any(ch.isdigit() for ch in raw + line.best_text[begin:finish])
        swapped = reason == "digit-letter" or (digits_touched and
                                               raw != line.best_text[begin:finish] and
                                               _digit_letter_swap(raw, line.best_text[begin:finish]))
        if swapped and begin < n_end and finish > n_start:
            factor = min(factor, 0.4)
            notes.append(f"ocr: restoration changed digits/letters here ({raw!r} → "
                         f"{line.best_text[begin:finish]!r}); check the number")
        elif swapped:
            factor = min(factor, 0.9)
            notes.append(f"ocr: restoration read letters in the unit words ({raw!r} → "
                         f"{line.best_text[begin:finish]!r})")
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


def line_quality(line: Line, own: tuple[int, int] | None = None) -> tuple[float, list[str]]:
    """A line that restoration could not turn into Vietnamese (many words that are not
    syllables) is read badly; every figure on it is doubtful, whatever its own words look like.

    The figure's own words (``own``: its span in the line) are left out: their damage is
    weighed where they are read (a unit read through OCR damage), not twice."""
    from normalize.lexicon import load_lexicon

    text = line.best_text
    if own is not None:
        text = text[:own[0]] + " " + text[own[1]:]
    words = [w.strip(",;.:()\"'“”%-") for w in text.split()]
    # acronyms (BHYT, UBND, NHCSXH) are words of the genre, not damage
    words = [w.lower() for w in words if w and w.isalpha() and not (w.isupper() and len(w) > 1)]
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
