"""Load Documents into SQLite or PostgreSQL (SQLAlchemy 2 Core, psycopg 3): one code path.

Tables: ``documents`` (primary key: the source's sha256), ``figures`` and ``citations``
(primary key: document id + ordinal, foreign key to documents, indexed), ``errors`` (primary
key: the file path). Each document is loaded in **one transaction** that deletes the
document's previous rows (children first) and inserts the new ones: an upsert by content hash,
so loading the same output twice, or re-running a batch, never duplicates a row, and a reader
never sees half a document. A successful load also clears earlier error rows for that file.

``extract load OUT/ --db URL`` loads an earlier batch's output (the per-file JSON listed in
``OUT/documents.jsonl``, and ``OUT/errors.jsonl``); ``URL`` is a SQLAlchemy URL,
``postgresql://…`` (psycopg 3 is used), or a plain path for SQLite (``out.sqlite``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Double,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
)
from sqlalchemy.engine import make_url

from extract.errors import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE
from extract.outputs.jsonl import DOCUMENTS, ERRORS, figure_rows, read_jsonl
from schemas import Document, ErrorRecord

metadata = MetaData()

documents = Table(
    "documents", metadata,
    Column("id", String(64), primary_key=True, comment="sha256 of the source file"),
    Column("source_path", Text, nullable=False),
    Column("source_name", Text, nullable=False),
    Column("size_bytes", BigInteger, nullable=False),
    Column("media_type", Text, nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("schema_version", Text, nullable=False),
    Column("pipeline_version", Text),
    Column("restored", Boolean, nullable=False),
    Column("doc_type", Text),
    Column("issuer", Text),
    Column("number", Text),
    Column("place", Text),
    Column("date", Date),
    Column("title", Text),
    Column("recipients", JSON),
    Column("figure_count", Integer, nullable=False),
    Column("warning_count", Integer, nullable=False),
    Column("warnings", JSON),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
)
Index("documents_issuer_date", documents.c.issuer, documents.c.date)

figures = Table(
    "figures", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("unit", String(16), nullable=False),
    Column("value", Double, nullable=False),
    Column("value_max", Double),
    Column("money_unit", Text),
    Column("vnd", BigInteger),
    Column("vnd_max", BigInteger),
    Column("per", Text),
    Column("year", Integer),
    Column("period", Text),
    Column("subject", Text),
    Column("section", Text),
    Column("quote", Text, nullable=False),
    Column("page", Integer, nullable=False),
    Column("line", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("box_x0", Double),
    Column("box_top", Double),
    Column("box_x1", Double),
    Column("box_bottom", Double),
    Column("confidence", Double, nullable=False),
    Column("notes", JSON),
)
Index("figures_unit_year", figures.c.unit, figures.c.year)

citations = Table(
    "citations", metadata,
    Column("document_id", String(64), ForeignKey("documents.id", ondelete="CASCADE"),
           primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("kind", Text),
    Column("number", Text, nullable=False),
    Column("date", Date),
    Column("issuer", Text),
    Column("quote", Text, nullable=False),
    Column("page", Integer),
    Column("line", Integer),
)
Index("citations_number", citations.c.number)

errors = Table(
    "errors", metadata,
    Column("file", Text, primary_key=True),
    Column("sha256", String(64)),
    Column("stage", Text, nullable=False),
    Column("message", Text, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)
Index("errors_sha256", errors.c.sha256)


def engine_url(url: str) -> str:
    """Accept a plain path for SQLite and ``postgresql://`` meaning psycopg 3 (SQLAlchemy's
    default PostgreSQL driver is psycopg2, which sohoa does not install)."""
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().absolute()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def connect(url: str) -> Engine:
    """An engine with the tables created (idempotent); SQLite gets foreign keys and WAL."""
    engine = create_engine(engine_url(url))
    if engine.dialect.name == "sqlite":
        database = make_url(engine.url).database
        if database:
            Path(database).parent.mkdir(parents=True, exist_ok=True)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    metadata.create_all(engine)
    return engine


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def document_values(document: Document) -> dict:
    identity = document.document
    return {
        "id": document.source.sha256,
        "source_path": document.source.path,
        "source_name": document.source.name,
        "size_bytes": document.source.size_bytes,
        "media_type": document.source.media_type,
        "page_count": document.source.page_count,
        "schema_version": document.schema_version,
        "pipeline_version": document.pipeline_version,
        "restored": document.restored,
        "doc_type": identity.type,
        "issuer": identity.issuer,
        "number": identity.number,
        "place": identity.place,
        "date": identity.date,
        "title": identity.title,
        "recipients": list(identity.recipients),
        "figure_count": len(document.figures),
        "warning_count": len(document.warnings),
        "warnings": [w.model_dump(mode="json") for w in document.warnings],
        "loaded_at": _now(),
    }


def citation_values(document: Document) -> list[dict]:
    return [
        {"document_id": document.source.sha256, "ordinal": ordinal,
         **cite.model_dump(include={"kind", "number", "date", "issuer", "quote", "page", "line"})}
        for ordinal, cite in enumerate(document.document.cites)
    ]


def load_document(engine: Engine, document: Document) -> None:
    """Upsert one document and its children in one transaction (delete, then insert)."""
    doc_id = document.source.sha256
    figure_values = figure_rows(document)
    cite_values = citation_values(document)
    with engine.begin() as connection:
        connection.execute(delete(figures).where(figures.c.document_id == doc_id))
        connection.execute(delete(citations).where(citations.c.document_id == doc_id))
        connection.execute(delete(documents).where(documents.c.id == doc_id))
        connection.execute(delete(errors).where(
            (errors.c.sha256 == doc_id) | (errors.c.file == document.source.path)))
        connection.execute(insert(documents), [document_values(document)])
        if figure_values:
            connection.execute(insert(figures), figure_values)
        if cite_values:
            connection.execute(insert(citations), cite_values)


def load_errors(engine: Engine, records: Iterable[ErrorRecord]) -> int:
    """Upsert error records by file path, in one transaction."""
    rows = [{**record.model_dump(), "recorded_at": _now()} for record in records]
    if not rows:
        return 0
    with engine.begin() as connection:
        for row in rows:
            connection.execute(delete(errors).where(errors.c.file == row["file"]))
        connection.execute(insert(errors), rows)
    return len(rows)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extract load",
        description="Load an earlier `extract batch` output folder (documents.jsonl, "
        "the JSON files it lists, errors.jsonl) into SQLite or PostgreSQL; re-loading "
        "never duplicates rows.",
    )
    parser.add_argument("output", type=Path, metavar="OUT", help="a batch output folder")
    parser.add_argument("--db", required=True, metavar="URL",
                        help="postgresql://user@host/db, sqlite:///path, or a path (SQLite)")
    return parser


def load_main(argv: Sequence[str] | None = None) -> int:
    """`extract load OUT/ --db URL`: every document JSON and every error record of OUT."""
    try:
        args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    folder: Path = args.output
    if not (folder / DOCUMENTS).is_file() or not (folder / ERRORS).is_file():
        print(f"extract load: {folder}: not a batch output folder (no {DOCUMENTS} or {ERRORS})",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        engine = connect(args.db)
    except Exception as error:  # noqa: BLE001 - a bad URL or unreachable server is one line
        print(f"extract load: {args.db}: cannot connect: {error}", file=sys.stderr)
        return EXIT_USAGE
    loaded = failed = 0
    try:
        # documents.jsonl, not a glob of documents/: it lists exactly the current results.
        for row in read_jsonl(folder / DOCUMENTS):
            path = folder / row["json"]
            try:
                document = Document.model_validate_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as error:
                print(f"extract load: {path}: not a sohoa document: {error}", file=sys.stderr)
                failed += 1
                continue
            load_document(engine, document)
            loaded += 1
        error_count = load_errors(
            engine, (ErrorRecord.model_validate(row) for row in read_jsonl(folder / ERRORS)))
    except Exception as error:  # noqa: BLE001
        print(f"extract load: {args.db}: {type(error).__name__}: {error}", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        engine.dispose()
    print(f"extract load: {loaded} documents, {error_count} error records into "
          f"{engine.url.render_as_string(hide_password=True)}"
          + (f"; {failed} unreadable JSON files" if failed else ""), file=sys.stderr)
    return EXIT_BAD_INPUT if failed else EXIT_OK
