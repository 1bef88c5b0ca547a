"""The one function, file → Document, that every runner (CLI, batch, Ray) calls."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from extract import __version__
from schemas import Document

OcrMode = Literal["auto", "always", "never"]
PIPELINE_VERSION = f"sohoa-{__version__}"


@dataclass(frozen=True)
class Options:
    """Everything that changes a result; batch manifests key on it with the file's hash."""

    ocr: OcrMode = "auto"
    lang: str = "vie"
    password: str | None = None
    dpi: int = 300
    restore: bool = True
    figures: bool = True


def process(path: str | Path, options: Options = Options()) -> Document:
    """Read → restore → extract, each stage taking and returning a Document."""
    from extract.readers import read_document

    document = read_document(
        Path(path), ocr=options.ocr, lang=options.lang, password=options.password, dpi=options.dpi
    )
    if options.restore:
        from normalize.restore import restore_document

        document = restore_document(document)
    if options.figures:
        from extract.analyze import analyze_document

        document = analyze_document(document)
    return document.model_copy(update={"pipeline_version": PIPELINE_VERSION})
