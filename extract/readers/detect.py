"""Tell what a file is from its first bytes, not its name.

Archives hold misnamed files (a TIFF called .pdf, OCR text called .dat); the content decides.
The extension is only used to word a better error ("named .pdf but is not a PDF").
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from extract.errors import InputError

Kind = Literal["pdf", "png", "jpeg", "tiff", "text"]

MEDIA_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "tiff": "image/tiff",
    "text": "text/plain",
}
_HEAD = 8192
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_EXPECTED = {".pdf": "a PDF", ".png": "a PNG image", ".jpg": "a JPEG image",
             ".jpeg": "a JPEG image", ".tif": "a TIFF image", ".tiff": "a TIFF image"}


def _looks_like_text(head: bytes) -> bool:
    """Text has no NUL bytes and few control characters (tab, CR, LF, FF excepted)."""
    if b"\x00" in head:
        return False
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= max(1, len(head) // 20)  # TCVN3 puts a few capitals on control codes


def sniff(head: bytes) -> Kind | None:
    """The kind of file whose first bytes are ``head``, or None when unknown."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(_BOMS) or _looks_like_text(head):
        return "text"
    return None


def detect(path: Path) -> Kind:
    """The kind of ``path`` or an InputError naming the file and what was found instead."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
    kind = sniff(head)
    expected = _EXPECTED.get(path.suffix.lower())
    if kind is None:
        if expected:
            raise InputError(path, "detect", f"named {path.suffix} but is not {expected} "
                             "(unrecognised binary content)")
        raise InputError(path, "detect", "unknown format: not a PDF, PNG, JPEG, TIFF or text "
                         "file")
    if expected and kind == "text" and path.suffix.lower() == ".pdf":
        raise InputError(path, "detect", "named .pdf but is not a PDF (no %PDF header)")
    return kind
