"""JSON Lines views of Documents for data teams: one document, figure or error per line.

Every line of one file has the same keys (absent values are ``null``), so DuckDB's
``read_json`` and a PostgreSQL ``COPY`` into a ``jsonb`` column see one stable shape:

- ``documents.jsonl``: ``id`` (the source's sha256), ``source``, ``pipeline_version``,
  ``schema_version``, ``restored``, ``identity`` (type, issuer, number, place, date, title,
  recipients, cites), ``counts`` (pages, lines, words, changes, figures, citations, warnings,
  page_errors) and ``json`` (the per-file JSON, relative to the output folder). No pages.
- ``figures.jsonl``: one figure, flat: ``document_id``, ``ordinal`` (its index in the
  document), every ``schemas.Figure`` field, the box as ``box_x0``/``box_top``/``box_x1``/
  ``box_bottom``.
- ``errors.jsonl``: ``schemas.ErrorRecord`` (file, stage, message, sha256).

The functions here are pure (Document → dicts, dicts → text); ``write_jsonl`` is the one I/O
edge and writes atomically, so a reader or a crash never sees half a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from extract.outputs.atomic import write_atomic
from schemas import Document, ErrorRecord, Figure

DOCUMENTS = "documents.jsonl"
FIGURES = "figures.jsonl"
ERRORS = "errors.jsonl"
JSON_DIR = "documents"

_FIGURE_FIELDS = [name for name in Figure.model_fields if name != "box"]
_BOX_FIELDS = ("x0", "top", "x1", "bottom")


def document_json_name(sha256: str) -> str:
    """Where a document's full JSON lives under the output folder.

    Named by content hash: stable across runs, machines and renames, and two copies of the
    same file share one result (the batch records the second as skipped, a duplicate).
    """
    return f"{JSON_DIR}/{sha256}.json"


def document_row(document: Document) -> dict[str, Any]:
    """The ``documents.jsonl`` line of a document: who it is and how big, without pages."""
    lines = [line for page in document.pages for line in page.lines]
    identity = document.document.model_dump(mode="json")
    return {
        "id": document.source.sha256,
        "source": document.source.model_dump(mode="json"),
        "pipeline_version": document.pipeline_version,
        "schema_version": document.schema_version,
        "restored": document.restored,
        "identity": identity,
        "counts": {
            "pages": len(document.pages),
            "lines": len(lines),
            "words": sum(len(line.words) for line in lines),
            "changes": sum(len(line.changes) for line in lines),
            "figures": len(document.figures),
            "citations": len(document.document.cites),
            "warnings": len(document.warnings),
            "page_errors": sum(1 for page in document.pages if page.error is not None),
        },
        "json": document_json_name(document.source.sha256),
    }


def figure_rows(document: Document) -> list[dict[str, Any]]:
    """The ``figures.jsonl`` lines of a document: flat, same keys on every line."""
    rows = []
    for ordinal, figure in enumerate(document.figures):
        data = figure.model_dump(mode="json")
        row: dict[str, Any] = {"document_id": document.source.sha256, "ordinal": ordinal}
        row.update({name: data[name] for name in _FIGURE_FIELDS})
        box = data.get("box") or {}
        row.update({f"box_{side}": box.get(side) for side in _BOX_FIELDS})
        rows.append(row)
    return rows


def error_row(error: ErrorRecord) -> dict[str, Any]:
    return error.model_dump(mode="json")


def dumps_line(row: dict[str, Any]) -> str:
    """One JSON Lines record: UTF-8 text kept readable, no newline inside."""
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def render_jsonl(rows: Iterable[dict[str, Any] | str]) -> str:
    """Rows (dicts, or lines already dumped) as JSON Lines text, newline-terminated."""
    return "".join((row if isinstance(row, str) else dumps_line(row)) + "\n" for row in rows)


def write_jsonl(path: str | Path, rows: Iterable[dict[str, Any] | str]) -> None:
    write_atomic(path, render_jsonl(rows))


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Read a JSON Lines file; a malformed line is an error naming the file and line."""
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                yield json.loads(text)
            except json.JSONDecodeError as error:
                raise ValueError(f"{path}:{number}: not JSON: {error}") from error
