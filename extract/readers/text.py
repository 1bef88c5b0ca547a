"""Read plain-text files of earlier OCR output: pages split on form feed, lines kept as is.

Line numbers must match the file exactly (line N of the page is line N of the text), because
truth files and later corrections are aligned line by line; empty lines are therefore kept.
"""

from __future__ import annotations

from pathlib import Path

from extract.errors import InputError
from schemas import Line, Page, Warning, Word

_BOM_CODECS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16: its BOM starts with UTF-16 LE's
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """(text, encoding): a BOM wins, then strict UTF-8 (kept byte-exact: raw text is never
    altered), then the legacy Vietnamese decoders (cp1258, TCVN3, VNI) of normalize.legacy."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError as error:
                raise InputError(path, "read", f"invalid {codec} text: {error.reason} at byte "
                                 f"{error.start}") from error
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        from normalize.legacy import decode_bytes
    except ImportError:
        raise InputError(path, "read", f"not UTF-8 text: invalid byte at offset "
                         f"{utf8_error.start}") from utf8_error
    try:
        return decode_bytes(data)
    except ValueError as error:
        raise InputError(path, "read", f"cannot decode text: {error}") from error


def pages_from_text(text: str) -> list[Page]:
    """Split decoded text into pages (form feed) and numbered lines with whitespace words."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    chunks = text.split("\f")
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks = chunks[:-1]  # a trailing form feed ends the last page; it opens no new one
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        raw_lines = chunk.split("\n")
        if raw_lines and raw_lines[-1] == "":
            raw_lines = raw_lines[:-1]
        lines = [Line(number=i, text=raw, words=[Word(text=token) for token in raw.split()])
                 for i, raw in enumerate(raw_lines, start=1)]
        pages.append(Page(number=number, reader="text", lines=lines))
    return pages


def read_text(path: Path) -> tuple[list[Page], list[Warning]]:
    """Pages of a text file, and a warning when it was not UTF-8 (provenance of the decoding)."""
    text, encoding = decode_text(path.read_bytes(), path)
    warnings = []
    if encoding.replace("_", "-").lower() not in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        warnings.append(Warning(code="legacy-encoding", message=f"decoded as {encoding}"))
    return pages_from_text(text), warnings
