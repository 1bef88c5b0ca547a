"""Check that an input path is a readable, non-empty file, and describe it as a ``Source``.

Why a separate step: every bad-input case (missing, directory, empty) must fail the same
way, with the file named, before any reader library gets a chance to raise something vague.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from extract.errors import InputError
from schemas import Source

STAGE = "read"
_CHUNK = 1 << 20


def check_file(path: Path) -> int:
    """Return the file's size, or raise InputError saying why it cannot be read."""
    if not path.exists():
        raise InputError(path, STAGE, "no such file")
    if path.is_dir():
        raise InputError(path, STAGE, "is a directory, not a file")
    if not path.is_file():
        raise InputError(path, STAGE, "not a regular file")
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as error:
        raise InputError(path, STAGE, f"cannot open: {error.strerror or error}") from error
    if size == 0:
        raise InputError(path, STAGE, "empty file (0 bytes)")
    return size


def sha256_of(path: Path) -> str:
    """Stream the hash so a large scan is never held in memory just to name it."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def make_source(path: Path, size: int, media_type: str, page_count: int) -> Source:
    return Source(path=str(path), name=path.name, sha256=sha256_of(path), size_bytes=size,
                  media_type=media_type, page_count=page_count)
