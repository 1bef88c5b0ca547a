"""The layout of a report as text: one flowing string, its numbered sections, bullets and tables.

Why: a figure's meaning depends on where it sits. Its section heading says what it is about,
a new section resets the year being reported, a table gives a cell its row label and column
header. Figures also run across line breaks ("... tổng số tiền: 7.495\\ntriệu đồng"), so the
extractor reads one flowing string and maps every offset back to (page, line, column) here.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

import regex

from extract import patterns as P
from extract.numbers import parse_number
from schemas import Document


@dataclass(frozen=True)
class LineRef:
    """Where one printed line sits in the flow."""

    page: int
    line: int
    start: int  # offset of the line's first character in the flow
    text: str  # the line's best text

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Flow:
    """The document's best text as one string (lines joined by "\\n") with a map back."""

    text: str
    lines: list[LineRef]
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [ref.start for ref in self.lines]

    def line_at(self, offset: int) -> int:
        """Index into ``lines`` of the line holding ``offset``."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)


def build_flow(document: Document) -> Flow:
    """Join every line of every page; pages follow one another like lines (text runs on)."""
    parts: list[str] = []
    refs: list[LineRef] = []
    offset = 0
    for page in document.pages:
        for line in page.lines:
            text = line.best_text.replace("\n", " ")
            refs.append(LineRef(page.number, line.number, offset, text))
            parts.append(text)
            offset += len(text) + 1
    return Flow("\n".join(parts), refs)


@dataclass(frozen=True)
class Section:
    """A numbered heading and the stretch of flow it governs (until the next heading)."""

    label: str  # "3.5.", "II.", "a)"
    title: str  # the heading's first line, label included
    start: int
    end: int
    line_index: int
    parent: Section | None = None  # the nearest heading of a higher level ("I." above "2.")

    @property
    def heading_end(self) -> int:
        return self.start + len(self.title)


def heading_level(label: str) -> int:
    """"Phần I" > "II." > "2." > "2.1." > "2.1.1.": a smaller level encloses a larger one."""
    if label.startswith("Phần"):
        return 0
    if regex.fullmatch(r"[IVXLC]+\.", label):
        return 1
    return 1 + label.rstrip(".").count(".") + 1


def _ends_a_sentence(text: str) -> bool:
    return not text.strip() or text.rstrip()[-1] in ".:;!?)”\"/"


def find_sections(flow: Flow) -> list[Section]:
    """Numbered headings ("1.", "3.5.", "II.", "a)") that start after a finished sentence.

    A line beginning "16.922 triệu đồng" is a wrapped figure, not section 16: the label must be
    short groups followed by a capital letter, and the previous line must have ended its
    sentence (or be blank) — a heading never continues a sentence.
    """
    found: list[tuple[str, str, int, int]] = []
    previous = ""
    after_blank = True
    for index, ref in enumerate(flow.lines):
        match = P.SECTION_HEADING.match(ref.text)
        if match and (after_blank or _ends_a_sentence(previous)) \
                and not _looks_like_figure_start(ref.text):
            found.append((match["label"], ref.text.strip(), ref.start, index))
        after_blank = not ref.text.strip()
        if ref.text.strip():
            previous = ref.text
    sections: list[Section] = []
    for i, (label, title, start, index) in enumerate(found):
        end = found[i + 1][2] if i + 1 < len(found) else len(flow.text)
        level = heading_level(label)
        parent = next((s for s in reversed(sections) if heading_level(s.label) < level), None)
        sections.append(Section(label, title, start, end, index, parent))
    return sections


def _looks_like_figure_start(text: str) -> bool:
    """"3.195 triệu đồng" or "100% hộ" at a line start: a number, not a heading label."""
    head = text.strip().split(" ", 1)[0].rstrip(".")
    return "." in head and parse_number(head) is not None and not head.endswith(".")


def section_at(sections: list[Section], offset: int) -> Section | None:
    starts = [s.start for s in sections]
    index = bisect.bisect_right(starts, offset) - 1
    return sections[index] if index >= 0 else None


def is_bullet(text: str) -> bool:
    return bool(P.BULLET.match(text))
