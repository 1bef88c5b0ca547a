"""The extract stage: Document in, Document out with identity, figures and warnings filled.

Why one entry point: the pipeline (extract.pipeline.process) and every runner call this after
restoration. It works on each line's best text (restored where restoration ran) and never
changes the pages: it only adds ``document``, ``figures`` and ``warnings``.
"""

from __future__ import annotations

import regex

from extract import patterns as P
from extract.checks import cross_check
from extract.figures import NO_TIME, TimeContext, extract_figures
from extract.identity import document_identity
from extract.structure import build_flow, find_sections
from extract.table_layout import find_tables
from schemas import Document, DocumentIdentity, Figure, Warning


def document_time(identity: DocumentIdentity) -> TimeContext:
    """The time a document is about, from its title: a period ("giai đoạn 2021-2025") if it
    names one, else a single year ("Kế hoạch ... năm 2025"). Figures with no year of their own
    in their section take this."""
    title = regex.sub(r"(?<=\d) (?=\d)", "", identity.title or "")  # OCR: "202 1-2023"
    if m := (P.PERIOD.search(title) or P.PERIOD_FROM_TO.search(title)):
        return TimeContext(None, f"{m['y1']}-{m['y2']}")
    years = {int(m["year"]) for m in P.YEAR.finditer(title)
             if not _COMPARED_WITH.search(title[:m.start()])}  # "năm 2024 so với năm 2023"
    if len(years) == 1:
        return TimeContext(years.pop(), None)
    # "Kết quả ... năm 2024, phương hướng, nhiệm vụ năm 2025": the report is about 2024; the
    # part on next year names its year in its own heading.
    if (m := _RESULTS_THEN_PLAN.search(title)) and int(m["next"]) == int(m["year"]) + 1:
        return TimeContext(int(m["year"]), None)
    return NO_TIME


_COMPARED_WITH = regex.compile(r"\bso\s+với\s+$", regex.IGNORECASE)
_RESULTS_THEN_PLAN = regex.compile(
    r"(?:kết\s+quả|tình\s+hình|thực\s+hiện|tổng\s+kết|sơ\s+kết)\b.*?\bnăm\s+(?P<year>\d{4})\b"
    r".*?\b(?:phương\s+hướng|nhiệm\s+vụ|kế\s+hoạch)\b.*?\bnăm\s+(?P<next>\d{4})\b",
    regex.IGNORECASE | regex.DOTALL)


# Figures less sure than this are withheld from ``figures`` and listed in ``warnings`` (code
# "figure_withheld", with value, unit, quote, place and the reasons), for a person to review.
# Why 0.55: one doubt alone (a low-confidence restoration 0.7, a unit read through OCR damage
# 0.8, a dotless cell in a dotted column 0.7) keeps a figure; a digit that restoration made from
# a letter inside the number (0.4), a line OCR read poorly (0.6), a lone 0/1/4/6 or a year-like
# count on OCR text (0.6) withhold it. Measured on restored OCR of the dev split and of new OCR
# readings of the tune texts, figures under 0.55 were wrong more often than right. A data team
# loads ``figures`` as facts; a wrong figure costs more than a missed one.
FIGURE_MIN_CONFIDENCE = 0.55


def analyze_document(doc: Document, min_confidence: float | None = None) -> Document:
    """Fill identity, figures and cross-check warnings; the text itself is left untouched.

    Figures under ``min_confidence`` (default FIGURE_MIN_CONFIDENCE) go to warnings instead.
    """
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
    threshold = FIGURE_MIN_CONFIDENCE if min_confidence is None else min_confidence
    kept = [f for f in found if f.figure.confidence >= threshold]
    withheld = [withheld_warning(f.figure, threshold) for f in found
                if f.figure.confidence < threshold]
    warnings = list(doc.warnings) + cross_check(flow.text, kept) + withheld
    return doc.model_copy(update={
        "document": identity,
        "figures": [f.figure for f in kept],
        "warnings": warnings,
    })


def withheld_warning(figure: Figure, threshold: float) -> Warning:
    """A figure too doubtful to hand over as data, kept as a warning with all it would say."""
    amount = f"{figure.value:g}" + (f"-{figure.value_max:g}" if figure.value_max is not None
                                    else "")
    money = f" {figure.money_unit}" if figure.money_unit else ""
    when = figure.year or figure.period or "no year"
    reasons = "; ".join(figure.notes) or "low confidence"
    return Warning(
        code="figure_withheld",
        message=(f"figure withheld (confidence {figure.confidence:.2f} < {threshold:.2f}): "
                 f"{amount}{money} {figure.unit}, {when}, quote {figure.quote!r} "
                 f"[{figure.start}:{figure.end}]: {reasons}"),
        page=figure.page,
        line=figure.line,
    )
