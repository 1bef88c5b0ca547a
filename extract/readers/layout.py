"""Group positioned words into printed lines in reading order.

Why not trust the PDF's content order: producers write text in any order (headers last,
columns interleaved). Sorting by position is what a reader does: top to bottom, and within
a line left to right.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlacedWord:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def group_lines(words: list[PlacedWord]) -> list[list[PlacedWord]]:
    """Words → lines: a word joins the current line when it overlaps it vertically by half.

    Two columns printed side by side on one baseline become one line, as in the line-aligned
    truth files (the header "ỦY BAN NHÂN DÂN ... CỘNG HÒA XÃ HỘI ...").
    """
    lines: list[list[PlacedWord]] = []
    top = bottom = 0.0
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        height = max(word.bottom - word.top, 1e-6)
        overlap = min(bottom, word.bottom) - max(top, word.top)
        if lines and overlap >= 0.5 * min(height, bottom - top):
            lines[-1].append(word)
            top, bottom = min(top, word.top), max(bottom, word.bottom)
        else:
            lines.append([word])
            top, bottom = word.top, word.bottom
    return [sorted(line, key=lambda w: w.x0) for line in lines]
