"""A found figure with its place in the text flow, shared by figure finding and cross-checks."""

from __future__ import annotations

from dataclasses import dataclass

from schemas import Figure

BASE_CONFIDENCE = 0.9
TABLE_CONFIDENCE = 0.8


@dataclass
class Found:
    """A figure with its place in the flow, which the cross-checks need."""

    figure: Figure
    start: int  # flow offset of the first number
    end: int  # flow offset just past the unit (and rate)
