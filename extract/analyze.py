"""The extract stage: Document in, Document out with identity, figures and warnings filled.

Why one entry point: the pipeline (extract.pipeline.process) and every runner call this after
restoration. It works on each line's best text (restored where restoration ran) and never
changes the pages: it only adds ``document``, ``figures`` and ``warnings``.
"""

from __future__ import annotations

from extract import patterns as P
from extract.checks import cross_check
from extract.figures import NO_TIME, TimeContext, extract_figures
from extract.identity import document_identity
from extract.structure import build_flow, find_sections, find_tables
from schemas import Document, DocumentIdentity


def document_time(identity: DocumentIdentity) -> TimeContext:
    """The time a document is about, from its title: a period ("giai đoạn 2021-2025") if it
    names one, else a single year ("Kế hoạch ... năm 2025"). Figures with no year of their own
    in their section take this."""
    title = identity.title or ""
    if m := (P.PERIOD.search(title) or P.PERIOD_FROM_TO.search(title)):
        return TimeContext(None, f"{m['y1']}-{m['y2']}")
    years = {int(m["year"]) for m in P.YEAR.finditer(title)}
    if len(years) == 1:
        return TimeContext(years.pop(), None)
    return NO_TIME


def analyze_document(doc: Document) -> Document:
    """Fill identity, figures and cross-check warnings; the text itself is left untouched."""
    flow = build_flow(doc)
    if not flow.text.strip():
        return doc
    ocr_tolerant = doc.restored or any(page.reader == "ocr" for page in doc.pages)
    identity = document_identity(flow, ocr_tolerant)
    sections = find_sections(flow)
    tables = find_tables(flow)
    document_year = identity.date.year if identity.date else None
    found = extract_figures(doc, flow, sections, tables, document_time(identity), document_year,
                            ocr_tolerant=ocr_tolerant)
    warnings = list(doc.warnings) + cross_check(flow.text, found)
    return doc.model_copy(update={
        "document": identity,
        "figures": [f.figure for f in found],
        "warnings": warnings,
    })
