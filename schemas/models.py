"""The one object model every stage of sohoa hangs on.

Data flows one way: a reader builds a ``Document`` with raw text; ``normalize`` fills the
``restored`` text and the ``changes`` beside it (never overwriting the raw text); ``extract``
adds the identity and the figures. Every stage takes and returns these models, so a JSON file
written at any stage can be re-read and continued, and provenance (page, line, span, box) is
never lost on the way.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA_VERSION = "1.0"

ReaderName = Literal["pdf-text", "ocr", "text"]
FigureUnit = Literal[
    "household", "person", "house", "card", "money", "percent", "commune", "criterion", "count"
]


class Model(BaseModel):
    """Strict base: unknown fields are errors, so a typo in a stage is caught at once."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Box(Model):
    """A rectangle on the page, top-left origin, in the page's own unit (PDF points or pixels)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @model_validator(mode="after")
    def _ordered(self) -> Box:
        if self.x1 < self.x0 or self.bottom < self.top:
            raise ValueError(f"box corners out of order: {self}")
        return self

    @staticmethod
    def union(boxes: list[Box]) -> Box | None:
        if not boxes:
            return None
        return Box(
            x0=min(b.x0 for b in boxes),
            top=min(b.top for b in boxes),
            x1=max(b.x1 for b in boxes),
            bottom=max(b.bottom for b in boxes),
        )


class Word(Model):
    """One token as the reader saw it. ``confidence`` is 0..1 (Tesseract's 0..100 rescaled)."""

    text: str
    box: Box | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)


class Change(Model):
    """One edit restoration made to a line: what it was, what it became, and how sure it is.

    ``start``/``end`` are character offsets into the line's *raw* text; ``reason`` names the
    rule or model that decided (e.g. "diacritics", "ocr-confusion", "digit-in-word").
    """

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    raw: str
    restored: str
    confidence: float = Field(ge=0.0, le=1.0)
    reason: str


class Line(Model):
    """One printed line. ``text`` is raw and never altered; ``restored`` is set by normalize."""

    number: int = Field(ge=1, description="1-based line number within the page")
    text: str
    restored: str | None = None
    words: list[Word] = Field(default_factory=list)
    box: Box | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    changes: list[Change] = Field(default_factory=list)

    @property
    def best_text(self) -> str:
        """The restored text where restoration ran, else the raw text."""
        return self.text if self.restored is None else self.restored


class PageError(Model):
    """A page that could not be read: the rest of the document still is (partial success)."""

    stage: str
    message: str


class Page(Model):
    number: int = Field(ge=1, description="1-based page number in the source file")
    reader: ReaderName
    width: float | None = None
    height: float | None = None
    unit: Literal["pt", "px"] | None = None
    dpi: int | None = None
    ocr_lang: str | None = None
    lines: list[Line] = Field(default_factory=list)
    error: PageError | None = None

    def text(self, restored: bool = True) -> str:
        return "\n".join(line.best_text if restored else line.text for line in self.lines)


class Source(Model):
    path: str
    name: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size_bytes: int = Field(ge=0)
    media_type: str
    page_count: int = Field(ge=0)


class Citation(Model):
    """A document cited by this one, e.g. "Quyết định số 59/2015/QĐ-TTg ngày 19/11/2015"."""

    kind: str | None = None
    number: str
    date: dt.date | None = None
    issuer: str | None = None
    quote: str
    page: int | None = None
    line: int | None = None


class DocumentIdentity(Model):
    type: str | None = None
    issuer: str | None = None
    number: str | None = None
    place: str | None = None
    date: dt.date | None = None
    title: str | None = None
    recipients: list[str] = Field(default_factory=list)
    cites: list[Citation] = Field(default_factory=list)


class Figure(Model):
    """One figure of a report, traceable to the exact words it came from."""

    unit: FigureUnit
    value: float = Field(description="the number as printed, in its unit (5.766 triệu → 5766)")
    value_max: float | None = Field(default=None, description="upper bound of a range")
    money_unit: str | None = Field(default=None, description="as printed: đồng, nghìn, triệu, tỷ")
    vnd: int | None = Field(default=None, description="money only: integer đồng")
    vnd_max: int | None = None
    per: str | None = Field(default=None, description="for rates: what one amount is per")
    year: int | None = Field(default=None, ge=1945, le=2100)
    period: str | None = None
    subject: str | None = None
    section: str | None = None
    quote: str = Field(min_length=1)
    page: int = Field(ge=1)
    line: int = Field(ge=1)
    start: int = Field(ge=0, description="character offset of the quote in the line's best text")
    end: int = Field(ge=0)
    box: Box | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    notes: list[str] = Field(default_factory=list)

    @field_validator("value")
    @classmethod
    def _non_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError("figures are counts or amounts and cannot be negative")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Figure:
        if self.unit == "money" and self.vnd is None:
            raise ValueError("a money figure needs vnd")
        if self.unit != "money" and self.vnd is not None:
            raise ValueError("vnd is for money figures only")
        if self.unit == "percent" and self.value > 100 and "growth" not in self.notes:
            raise ValueError("a percentage above 100 must be marked as a growth rate")
        if self.value_max is not None and self.value_max < self.value:
            raise ValueError("range upper bound below lower bound")
        if self.end < self.start:
            raise ValueError("span end before start")
        return self


class Warning(Model):
    code: str
    message: str
    page: int | None = None
    line: int | None = None


class ErrorRecord(Model):
    """A file that failed, as data (batch mode writes these to errors.jsonl)."""

    file: str
    stage: str
    message: str
    sha256: str | None = None


class Document(Model):
    schema_version: str = SCHEMA_VERSION
    pipeline_version: str | None = None
    source: Source
    restored: bool = False
    pages: list[Page]
    document: DocumentIdentity = Field(default_factory=DocumentIdentity)
    figures: list[Figure] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)

    def text(self, restored: bool = True) -> str:
        """The whole text, pages separated by form feed (the CLI's ``--format text``)."""
        return "\f".join(page.text(restored) for page in self.pages)
