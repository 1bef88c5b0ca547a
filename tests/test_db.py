"""Loading into SQLite and a real PostgreSQL: keys, one transaction per document, upsert by
content hash, so loading twice (or re-running a batch with --db) never duplicates a row.

PostgreSQL: `export SOHOA_TEST_PG_URL="$(bash scripts/start_postgres.sh)"` (CI does this)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from test_batch_corpus import document_with_figures, read_lines, text_files

from extract.batch import main as batch_main
from extract.errors import EXIT_BAD_INPUT, EXIT_OK, EXIT_PARTIAL
from extract.outputs import db
from extract.outputs.db import connect, load_document, load_main

PG_URL = os.environ.get("SOHOA_TEST_PG_URL")
FAST = ["--no-restore", "--no-progress"]


def _sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "sohoa.sqlite")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return _sqlite_url(tmp_path)
    if not PG_URL:
        pytest.skip("SOHOA_TEST_PG_URL is not set: run "
                    "export SOHOA_TEST_PG_URL=\"$(bash scripts/start_postgres.sh)\"")
    engine = connect(PG_URL)
    db.metadata.drop_all(engine)  # a clean slate: these tests own the test database
    engine.dispose()
    return PG_URL


def _counts(url: str) -> dict[str, int]:
    engine = connect(url)
    with engine.connect() as connection:
        counts = {table.name: connection.execute(select(func.count()).select_from(table))
                  .scalar_one() for table in db.metadata.sorted_tables}
    engine.dispose()
    return counts


def _batch_output(tmp_path: Path, extra: list[str] = ()) -> Path:
    inbox = tmp_path / "in"
    if not inbox.exists():
        text_files(inbox, 5)
        (inbox / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    assert batch_main([str(inbox), "-o", str(out), "-j", "2", *FAST, *extra]) == EXIT_PARTIAL
    return out


def test_load_twice_never_duplicates(url: str, tmp_path: Path) -> None:
    out = _batch_output(tmp_path)
    documents = read_lines(out / "documents.jsonl")
    assert load_main([str(out), "--db", url]) == EXIT_OK
    first = _counts(url)
    assert first["documents"] == len(documents) == 5
    assert first["errors"] == 1
    assert first["figures"] == len(read_lines(out / "figures.jsonl"))
    assert load_main([str(out), "--db", url]) == EXIT_OK
    assert _counts(url) == first


def test_batch_with_db_twice_and_retry(url: str, tmp_path: Path) -> None:
    _batch_output(tmp_path, ["--db", url])
    first = _counts(url)
    assert (first["documents"], first["errors"]) == (5, 1)
    _batch_output(tmp_path, ["--db", url, "--retry-failed"])
    assert _counts(url) == first


def test_upsert_replaces_children_in_one_document(url: str) -> None:
    engine = connect(url)
    load_document(engine, document_with_figures(2))
    load_document(engine, document_with_figures(2, sha="b" * 64))
    assert _counts(url) == {"documents": 2, "figures": 4, "citations": 2, "errors": 0}
    load_document(engine, document_with_figures(1))  # a re-run that found one figure less
    assert _counts(url) == {"documents": 2, "figures": 3, "citations": 2, "errors": 0}
    with engine.connect() as connection:
        row = connection.execute(
            select(db.figures.c.vnd, db.figures.c.quote, db.figures.c.box_x0)
            .where(db.figures.c.document_id == "a" * 64)).one()
        assert row == (5_766_000_000, "5.766 triệu đồng", 10.0)
        cite = connection.execute(select(db.citations.c.number, db.citations.c.date)).first()
        assert cite.number == "59/2015/QĐ-TTg" and cite.date.isoformat() == "2015-11-19"
    engine.dispose()


def test_foreign_keys_are_enforced(url: str) -> None:
    engine = connect(url)
    with pytest.raises(Exception, match="(?i)foreign key"), engine.begin() as connection:
        connection.execute(db.figures.insert().values(
            document_id="c" * 64, ordinal=0, unit="count", value=1, quote="1", page=1,
            line=1, start=0, end=1, confidence=1.0))
    engine.dispose()


def test_load_rejects_a_folder_that_is_not_batch_output(tmp_path: Path) -> None:
    assert load_main([str(tmp_path), "--db", _sqlite_url(tmp_path)]) == EXIT_BAD_INPUT


def test_sqlite_tables_have_indexes(tmp_path: Path) -> None:
    engine = connect(_sqlite_url(tmp_path))
    with engine.connect() as connection:
        names = set(connection.execute(
            text("SELECT name FROM sqlite_master WHERE type='index'")).scalars())
    engine.dispose()
    assert {"figures_unit_year", "citations_number", "errors_sha256"} <= names
