"""Legacy 8-bit Vietnamese encodings: detect them and convert to Unicode.

Why: archives of Vietnamese administrative text are full of pre-Unicode encodings. Word files
typed with the ABC/.VnTime fonts (TCVN3, TCVN 5712:1993) or VNI-Times fonts (VNI-Windows) were
printed to PDF, and the PDF text layer then carries the font's 8-bit codes read as
Windows-1252: "Uû ban nhaân daân" (VNI) or "Uû ban nh©n d©n" (TCVN3) where "Ủy ban nhân dân"
was printed. Plain text files come in these encodings and in Windows-1258 (cp1258, whose tone
marks are combining characters).

Two entry points:

* ``decode_bytes(data)`` for files: BOMs, valid UTF-8, else the 8-bit decoding (cp1258, TCVN3,
  VNI, cp1252) that yields the most valid Vietnamese syllables.
* ``fix_legacy_text(text)`` for text already decoded as Latin-1/cp1252 that really is TCVN3,
  VNI, cp1258 or double-encoded UTF-8. Genuine Unicode Vietnamese and other languages are left
  alone: a conversion is applied only when it turns clearly more words into Vietnamese syllables
  than the text already has.

The tables are data, taken from public references: TCVN3 is TCVN 5712:1993 (VN1) as shipped by
glibc iconv as ``TCVN5712-1`` (ABC fonts use its lower half and draw capitals with the ".VnTimeH"
font, so capitals often arrive as lower-case codes); VNI is the VNI-Windows table (base letter
followed by a mark byte) as published by VNI and in xvnkb's ``vni.h``. ``encode_legacy`` is the
inverse, used by the round-trip tests.
"""

from __future__ import annotations

import codecs
import unicodedata
from functools import lru_cache

import regex

from normalize.unicode import TONE_MARKS, is_vietnamese_syllable

# TCVN 5712:1993 VN1, bytes that differ from Latin-1 (hex byte = Unicode character). 0xB0-0xB4
# are combining tone marks (grave, hook, tilde, acute, dot below); 0x01-0x17 hold some capitals.
_TCVN3_DATA = """
01=Ú 02=Ụ 04=Ừ 05=Ử 06=Ữ 11=Ứ 12=Ự 13=Ỳ 14=Ỷ 15=Ỹ 16=Ý 17=Ỵ
80=À 81=Ả 82=Ã 83=Á 84=Ạ 85=Ặ 86=Ậ 87=È 88=Ẻ 89=Ẽ 8A=É 8B=Ẹ 8C=Ệ 8D=Ì 8E=Ỉ 8F=Ĩ
90=Í 91=Ị 92=Ò 93=Ỏ 94=Õ 95=Ó 96=Ọ 97=Ộ 98=Ờ 99=Ở 9A=Ỡ 9B=Ớ 9C=Ợ 9D=Ù 9E=Ủ 9F=Ũ
A1=Ă A2=Â A3=Ê A4=Ô A5=Ơ A6=Ư A7=Đ A8=ă A9=â AA=ê AB=ô AC=ơ AD=ư AE=đ AF=Ằ
B0=\u0300 B1=\u0309 B2=\u0303 B3=\u0301 B4=\u0323 B5=à B6=ả B7=ã B8=á B9=ạ BA=Ẳ BB=ằ BC=ẳ BD=ẵ
BE=ắ BF=Ẵ C0=Ắ C1=Ầ C2=Ẩ C3=Ẫ C4=Ấ C5=Ề C6=ặ C7=ầ C8=ẩ C9=ẫ CA=ấ CB=ậ CC=è CD=Ể CE=ẻ CF=ẽ
D0=é D1=ẹ D2=ề D3=ể D4=ễ D5=ế D6=ệ D7=ì D8=ỉ D9=Ễ DA=Ế DB=Ồ DC=ĩ DD=í DE=ị DF=ò
E0=Ổ E1=ỏ E2=õ E3=ó E4=ọ E5=ồ E6=ổ E7=ỗ E8=ố E9=ộ EA=ờ EB=ở EC=ỡ ED=ớ EE=ợ EF=ù
F0=Ỗ F1=ủ F2=ũ F3=ú F4=ụ F5=ừ F6=ử F7=ữ F8=ứ F9=ự FA=ỳ FB=ỷ FC=ỹ FD=ý FE=ỵ FF=Ố
"""

# VNI-Windows: Unicode character = VNI code (Latin-1 characters; a base letter plus a mark
# byte for most vowels, one byte for ơ ư đ and the toned i, and for ỵ).
_VNI_DATA = """
á=aù à=aø ả=aû ã=aõ ạ=aï é=eù è=eø ẻ=eû ẽ=eõ ẹ=eï ó=où ò=oø ỏ=oû õ=oõ ọ=oï
ú=uù ù=uø ủ=uû ũ=uõ ụ=uï ý=yù ỳ=yø ỷ=yû ỹ=yõ ỵ=î
â=aâ ấ=aá ầ=aà ẩ=aå ẫ=aã ậ=aä ê=eâ ế=eá ề=eà ể=eå ễ=eã ệ=eä ô=oâ ố=oá ồ=oà ổ=oå ỗ=oã ộ=oä
ă=aê ắ=aé ằ=aè ẳ=aú ẵ=aü ặ=aë ơ=ô ớ=ôù ờ=ôø ở=ôû ỡ=ôõ ợ=ôï ư=ö ứ=öù ừ=öø ử=öû ữ=öõ ự=öï
í=í ì=ì ỉ=æ ĩ=ó ị=ò đ=ñ
Á=AÙ À=AØ Ả=AÛ Ã=AÕ Ạ=AÏ É=EÙ È=EØ Ẻ=EÛ Ẽ=EÕ Ẹ=EÏ Ó=OÙ Ò=OØ Ỏ=OÛ Õ=OÕ Ọ=OÏ
Ú=UÙ Ù=UØ Ủ=UÛ Ũ=UÕ Ụ=UÏ Ý=YÙ Ỳ=YØ Ỷ=YÛ Ỹ=YÕ Ỵ=Î
Â=AÂ Ấ=AÁ Ầ=AÀ Ẩ=AÅ Ẫ=AÃ Ậ=AÄ Ê=EÂ Ế=EÁ Ề=EÀ Ể=EÅ Ễ=EÃ Ệ=EÄ Ô=OÂ Ố=OÁ Ồ=OÀ Ổ=OÅ Ỗ=OÃ Ộ=OÄ
Ă=AÊ Ắ=AÉ Ằ=AÈ Ẳ=AÚ Ẵ=AÜ Ặ=AË Ơ=Ô Ớ=ÔÙ Ờ=ÔØ Ở=ÔÛ Ỡ=ÔÕ Ợ=ÔÏ Ư=Ö Ứ=ÖÙ Ừ=ÖØ Ử=ÖÛ Ữ=ÖÕ Ự=ÖÏ
Í=Í Ì=Ì Ỉ=Æ Ĩ=Ó Ị=Ò Đ=Ñ
"""


def _parse_tcvn3() -> dict[int, str]:
    table = {b: chr(b) for b in range(256)}
    for item in _TCVN3_DATA.split():
        code, char = item.split("=", 1)
        table[int(code, 16)] = char
    return table


def _parse_vni() -> dict[str, str]:
    """Unicode → VNI code."""
    return dict(item.split("=", 1) for item in _VNI_DATA.split())


TCVN3_DECODE: dict[int, str] = _parse_tcvn3()
TCVN3_ENCODE: dict[str, int] = {c: b for b, c in TCVN3_DECODE.items() if b >= 0x80 or c != chr(b)}
VNI_ENCODE: dict[str, str] = _parse_vni()


def _vni_decode_table() -> dict[str, str]:
    """VNI code → Unicode, plus lenient mixed-case pairs ("Uû" → "Ủ") that real files carry
    when a capital letter was followed by a lower-case mark glyph or the reverse."""
    table = {code: char for char, code in VNI_ENCODE.items()}
    for code, char in list(table.items()):
        if len(code) == 2:
            base, mark = code
            flipped = mark.lower() if mark.isupper() else mark.upper()
            target = char.upper() if base.isupper() else char.lower()
            table.setdefault(base + flipped, target)
    return table


VNI_DECODE: dict[str, str] = _vni_decode_table()

# cp1252 view of a byte: what a Windows PDF or editor shows for an 8-bit code; the five bytes
# cp1252 leaves undefined fall back to their Latin-1 control characters.
_CP1252_CHARS = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]
_CP1252_BYTES: dict[str, int] = {c: b for b, c in enumerate(_CP1252_CHARS)}
_CP1252_BYTES.update({chr(b): b for b in range(256) if chr(b) not in _CP1252_BYTES})

_WORD = regex.compile(r"[\p{L}\p{M}]+")

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1258", "tcvn3", "vni", "cp1252")


# --------------------------------------------------------------------------- codecs


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 bytes → NFC Unicode (every byte maps; TCVN3 has no invalid byte)."""
    return unicodedata.normalize("NFC", "".join(TCVN3_DECODE[b] for b in data))


def decode_vni_text(text: str) -> str:
    """VNI codes seen as Latin-1/cp1252 characters → NFC Unicode (longest match first)."""
    out = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if len(pair) == 2 and pair in VNI_DECODE:
            out.append(VNI_DECODE[pair])
            i += 2
        else:
            out.append(VNI_DECODE.get(text[i], text[i]))
            i += 1
    return unicodedata.normalize("NFC", "".join(out))


def decode_vni(data: bytes) -> str:
    """VNI-Windows bytes → NFC Unicode (punctuation follows cp1252)."""
    return decode_vni_text(_bytes_to_cp1252(data))


def _bytes_to_cp1252(data: bytes) -> str:
    return "".join(_CP1252_CHARS[b] for b in data)


def _text_to_bytes(text: str) -> bytes | None:
    """The 8-bit codes behind a Latin-1/cp1252 reading, or None if a character has none."""
    try:
        return bytes(_CP1252_BYTES[c] for c in text)
    except KeyError:
        return None


def encode_legacy(text: str, encoding: str, errors: str = "strict") -> bytes:
    """Unicode → ``"tcvn3"``, ``"vni"`` or ``"cp1258"`` bytes (for tests and fixtures).

    cp1258 has few precomposed toned letters, so a letter it lacks is written as its toneless
    letter plus a combining tone mark, as Windows does.

    ``errors="replace"`` writes ``?`` for a character the encoding lacks; ``"strict"`` raises
    ValueError naming it.
    """
    text = unicodedata.normalize("NFC", text)
    out = bytearray()
    for ch in text:
        if encoding == "tcvn3":
            code = TCVN3_ENCODE.get(ch, ord(ch) if ord(ch) < 0x80 else None)
            piece = bytes([code]) if code is not None else None
        elif encoding == "vni":
            piece = _text_to_bytes(VNI_ENCODE.get(ch, ch))
        elif encoding == "cp1258":
            piece = _encode_cp1258_char(ch)
        else:
            raise ValueError(
                f"unknown legacy encoding {encoding!r}; use 'tcvn3', 'vni' or 'cp1258'"
            )
        if piece is None:
            if errors != "replace":
                raise ValueError(f"{ch!r} (U+{ord(ch):04X}) cannot be encoded in {encoding}")
            piece = b"?"
        out += piece
    return bytes(out)


def _encode_cp1258_char(ch: str) -> bytes | None:
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        pass
    decomposed = unicodedata.normalize("NFD", ch)
    marks = [c for c in decomposed if c in TONE_MARKS]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    try:
        return base.encode("cp1258") + "".join(marks).encode("cp1258")
    except UnicodeEncodeError:
        return None


# --------------------------------------------------------------------------- scoring


def vietnamese_score(text: str) -> tuple[int, int]:
    """(valid, invalid): words with a non-ASCII letter that are / are not Vietnamese syllables.

    ASCII words say nothing about the encoding (every decoding keeps them), so they are skipped.
    """
    valid = invalid = 0
    for match in _WORD.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        if _is_syllable(word):
            valid += 1
        else:
            invalid += 1
    return valid, invalid


@lru_cache(maxsize=65536)
def _is_syllable(word: str) -> bool:
    return is_vietnamese_syllable(word)


def _merit(text: str) -> int:
    valid, invalid = vietnamese_score(text)
    return valid - invalid


# --------------------------------------------------------------------------- entry points


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a text file's bytes; returns (NFC text, encoding name).

    Order: a BOM decides (``utf-8-sig``, ``utf-16``, ``utf-32``); valid UTF-8 is UTF-8; else the
    bytes are read as cp1252 and ``detect_legacy_encoding`` says whether they are really
    ``cp1258``, ``tcvn3`` or ``vni`` (more valid Vietnamese syllables, made from codes only that
    encoding uses); otherwise ``cp1252``. Raises ValueError when a BOM promises UTF-16/32 and
    the data is not. A UTF-8 file that holds TCVN3/VNI read as cp1252 is the job of
    ``fix_legacy_lines``.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return unicodedata.normalize("NFC", data.decode(name)), name
            except UnicodeDecodeError as exc:
                raise ValueError(f"{name} byte-order mark but invalid {name} data: {exc}") from exc
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    text = _bytes_to_cp1252(data)
    encoding = detect_legacy_encoding(text)
    if encoding is None:
        return unicodedata.normalize("NFC", text), "cp1252"
    return convert_legacy_text(text, encoding), encoding


def _conversions(text: str) -> list[tuple[str, str]]:
    """Every reading of the text's 8-bit codes: (encoding, converted text)."""
    data = _text_to_bytes(text)
    if data is None:
        return []
    candidates: list[tuple[str, str]] = []
    for name in ("utf-8", "cp1258"):
        try:
            candidates.append((name, unicodedata.normalize("NFC", data.decode(name))))
        except UnicodeDecodeError:
            pass
    return candidates + [("tcvn3", decode_tcvn3(data)), ("vni", decode_vni_text(text))]


# Codes an OCR engine or a Western text never produces but the legacy encoding uses for common
# Vietnamese letters: a word holding one that turns into a Vietnamese syllable is evidence.
# TCVN3: the symbols 0xA1-0xBF (à á â ă ơ ư đ ê ô ả ã ạ live there), 0x80-0x9F and controls
# (capitals), and Latin-1 capitals or symbols such as "Ö Ë Ì Ê Ý ×  ß æ" (ệ ậ è ấ í ì ò ổ)
# that sit inside lower-case words; cp1258: its combining marks and Ă Ơ Ư Đ; VNI: a vowel
# followed by a mark code.
_TCVN3_EVIDENCE = (
    frozenset(range(0x01, 0x20))
    | frozenset(range(0x80, 0xC0))
    | frozenset(range(0xC0, 0xE0))
    | frozenset(b"\xe6\xf0\xf7\xfe")
)
_CP1258_EVIDENCE = frozenset(b"\xcc\xd2\xde\xec\xf2\xc3\xe3\xd5\xf5\xdd\xfd\xd0\xf0")
_VNI_PAIRS = frozenset(code for code in VNI_DECODE if len(code) == 2)


def _has_evidence(chunk: str, encoding: str) -> bool:
    if encoding == "vni":
        return any(chunk[i : i + 2] in _VNI_PAIRS for i in range(len(chunk) - 1))
    codes = _text_to_bytes(chunk) or b""
    evidence = _TCVN3_EVIDENCE if encoding == "tcvn3" else _CP1258_EVIDENCE
    return any(b in evidence for b in codes)


def _evidence_words(text: str, encoding: str) -> int:
    """Words (2+ letters) that a legacy-only code turns into a Vietnamese syllable."""
    count = 0
    for chunk in text.split():
        if chunk.isascii() or not _has_evidence(chunk, encoding):
            continue
        converted = convert_legacy_text(chunk, encoding)
        words = _WORD.findall(converted)
        count += any(len(w) >= 2 and _is_syllable(w) for w in words)
    return count


def detect_legacy_encoding(text: str) -> str | None:
    """Which legacy encoding a Latin-1/cp1252 reading of the text really is, or None.

    A conversion must (1) raise the count of Vietnamese syllables (valid minus invalid, among
    words with non-ASCII letters), (2) leave at least two valid syllables for each invalid one,
    and (3) for the 8-bit tables, make a syllable out of a code only that encoding uses (TCVN3's
    symbols such as "µ ¸ © ¬ ®", VNI's vowel+mark pairs such as "aø", cp1258's combining marks):
    so English, French or German text is not touched, nor OCR output where "é" stands for a
    lost "ế" (TCVN3 would read it as "ộ"). Non-ASCII cp1252 text that is valid UTF-8 only has to
    be no worse (mojibake, ftfy's rule). Ties keep the first of utf-8, cp1258, tcvn3, vni; give
    a whole page or document for a sure answer, since one short line can read well both ways
    ("Löu" is "Lưu" in VNI and "Lửu" in TCVN3).
    """
    if text.isascii():
        return None
    best_name, best_merit = None, _merit(text)
    for name, converted in _conversions(text):
        valid, invalid = vietnamese_score(converted)
        merit = valid - invalid
        better = merit >= best_merit if name == "utf-8" else merit > best_merit
        if not better or valid < 2 * invalid or converted == text:
            continue
        if name != "utf-8" and _evidence_words(text, name) == 0:
            continue
        best_name, best_merit = name, merit
    return best_name


def convert_legacy_text(text: str, encoding: str) -> str:
    """Read a Latin-1/cp1252 text's codes as ``encoding`` (tcvn3, vni, cp1258, utf-8).

    Characters a cp1252 reading cannot produce (genuine Unicode) make the text come back as is.
    Raises ValueError for an unknown encoding or codes invalid in it.
    """
    data = _text_to_bytes(text)
    if data is None or text.isascii():
        return text
    if encoding == "tcvn3":
        return decode_tcvn3(data)
    if encoding == "vni":
        return decode_vni_text(text)
    if encoding in ("cp1258", "utf-8"):
        try:
            return unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError as exc:
            raise ValueError(f"text is not {encoding} read as cp1252: {exc}") from exc
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def fix_legacy_text(text: str, encoding: str | None = None) -> tuple[str, str | None]:
    """Undo a wrong Latin-1/cp1252 reading of TCVN3, VNI, cp1258 or UTF-8 bytes.

    Returns (text, encoding it really was) or (text unchanged, None). Without ``encoding`` it is
    detected (``detect_legacy_encoding``). With ``encoding`` (decided once for a document) the
    conversion is applied unless it makes the text less Vietnamese, so genuine Unicode lines of
    a mixed document survive. Only characters a cp1252 reading can produce are converted; text
    holding anything else (genuine "ơ", "ư", "ộ"; CJK...) is returned unchanged.
    """
    name = encoding or detect_legacy_encoding(text)
    if name is None:
        return text, None
    try:
        converted = convert_legacy_text(text, name)
    except ValueError:
        if encoding is None:
            raise
        return text, None
    if converted == text or (encoding is not None and _merit(converted) < _merit(text)):
        return text, None
    return converted, name


def fix_legacy_lines(lines: list[str]) -> tuple[list[str], str | None]:
    """``fix_legacy_text`` for the lines of one page or document, the encoding decided once on
    all of them together (one line alone can be ambiguous)."""
    encoding = detect_legacy_encoding("\n".join(lines))
    if encoding is None:
        return list(lines), None
    return [fix_legacy_text(line, encoding)[0] for line in lines], encoding


def main(argv: list[str] | None = None) -> int:
    """``python -m normalize.legacy FILE...``: print each file's encoding; ``--convert`` prints
    the text as UTF-8 instead (legacy codes inside a UTF-8 file are fixed too)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m normalize.legacy", description=main.__doc__)
    parser.add_argument("files", nargs="+")
    parser.add_argument("--convert", action="store_true", help="print the converted text")
    args = parser.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            with open(path, "rb") as handle:
                text, encoding = decode_bytes(handle.read())
        except (OSError, ValueError) as exc:
            print(f"{path}: error: {exc}", file=sys.stderr)
            status = 1
            continue
        lines, legacy = fix_legacy_lines(text.splitlines())
        found = f"{encoding}+{legacy}" if legacy else encoding
        if args.convert:
            sys.stdout.write("\n".join(lines) + ("\n" if text.endswith("\n") else ""))
        else:
            print(f"{path}: {found}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
