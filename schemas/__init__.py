"""Pydantic models shared by every stage of sohoa, and their JSON Schema."""

from schemas.models import (
    SCHEMA_VERSION,
    Box,
    Change,
    Citation,
    Document,
    DocumentIdentity,
    ErrorRecord,
    Figure,
    FigureUnit,
    Line,
    Page,
    PageError,
    ReaderName,
    Source,
    Warning,
    Word,
)

__all__ = [
    "SCHEMA_VERSION",
    "Box",
    "Change",
    "Citation",
    "Document",
    "DocumentIdentity",
    "ErrorRecord",
    "Figure",
    "FigureUnit",
    "Line",
    "Page",
    "PageError",
    "ReaderName",
    "Source",
    "Warning",
    "Word",
    "document_json_schema",
]


def document_json_schema() -> dict:
    """The JSON Schema of what ``extract FILE`` prints (``extract schema``)."""
    return Document.model_json_schema()
