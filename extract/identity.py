"""Who issued a document, its number, place, date, type, title, recipients and what it cites.

Why: a Vietnamese administrative document follows Decree 30/2020/NĐ-CP's layout: a two-column
header (issuing body left, national motto right), "Số: 168/BC-UBND" and "Place, ngày .. tháng ..
năm ..", the type in capitals (BÁO CÁO, KẾ HOẠCH...) or a "V/v" subject line for a công văn,
then the body, then "Nơi nhận:". Text readers flatten the two columns onto one line, so the
header is read by removing the motto and keeping what is left, column by column.
"""

from __future__ import annotations

import datetime as dt

import regex

from extract import patterns as P
from extract.structure import Flow
from schemas import Citation, DocumentIdentity

HEADER_LINES = 14  # the header block never runs longer than this in practice

_ADMIN = regex.compile(
    r"\b(?P<level>TỈNH|THÀNH\s+PHỐ|HUYỆN|QUẬN|THỊ\s+XÃ|XÃ(?!\s+HỘI)|PHƯỜNG|THỊ\s+TRẤN)\s+(?P<name>.+)$", P.V
)
_ABBREVIATIONS = {
    "ỦY BAN NHÂN DÂN": "UBND", "UỶ BAN NHÂN DÂN": "UBND", "UBND": "UBND",
    "HỘI ĐỒNG NHÂN DÂN": "HĐND", "HĐND": "HĐND",
}


def _parse_date(text: str) -> dt.date | None:
    for pattern in (P.DATE_NUMERIC, P.DATE_WORDS):
        if m := pattern.search(text):
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                return None
    return None


def _mostly_upper(text: str) -> bool:
    """Header lines are capitals; OCR and restoration may lower a word ("NGÂN HÀNG Chính SÁCH")."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def doc_type_of(text: str, ocr_tolerant: bool = False) -> str | None:
    """The document type a line announces ("BÁO CÁO"), also through OCR junk ("BAOCAO —")."""
    if m := P.DOC_TYPE_LINE.match(text):
        return " ".join(m["type"].split())
    if not ocr_tolerant:
        return None
    from normalize.lexicon import skeleton

    letters = regex.sub(r"[^\p{L}]", "", text)
    if not letters or not _mostly_upper(letters):
        return None
    key = skeleton(letters)
    return next((t for t in P.DOC_TYPES if skeleton(t.replace(" ", "")) == key), None)


def _header_left(lines: list[str]) -> list[str]:
    """The issuing-body column of the header: each line with the motto column removed."""
    left: list[str] = []
    for text in lines:
        if P.OWN_NUMBER.match(text) or doc_type_of(text, True) or P.SUBJECT_LINE.match(text):
            break
        rest = P.NATIONAL_MOTTO.sub(" ", text)
        rest = regex.sub(r"[|]", " ", rest)
        rest = regex.sub(r"[-–_*]{2,}", " ", rest)
        # OCR specks between the two header columns: lone punctuation, a stray letter at an end
        rest = " ".join(t for t in rest.split()
                        if regex.search(r"[\p{L}\p{N}]", t) or t in ("-", "–", "&"))
        rest = regex.sub(r"^\p{L}\s+(?=\p{L}{2})|(?<=\p{L}{2})\s+\p{L}$", "", rest)
        if rest and _mostly_upper(rest) and regex.search(r"\p{Lu}{2}", rest):
            left.append(rest)
        elif not rest and left:
            continue
        elif rest:
            break
    return left


def _case_from_body(phrase: str, body: str) -> str | None:
    """The phrase as the body spells it (the body uses proper mixed case), if it occurs."""
    words = [regex.escape(w) for w in phrase.split()]
    if not words:
        return None
    m = regex.search(r"\b" + r"\s+".join(words) + r"\b", body, regex.IGNORECASE)
    return " ".join(m.group(0).split()) if m else None


def _sentence_case(text: str) -> str:
    low = text.lower()
    return low[:1].upper() + low[1:]


_VOWELS = regex.compile(r"[AĂÂEÊIOÔƠUƯYÁÀẢÃẠẮẰẲẴẶẤẦẨẪẬÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]",
                     regex.IGNORECASE)


_UNIT_TYPES = ("trung tâm", "chi cục", "văn phòng", "sở", "phòng", "ban", "cục", "vụ", "hội")


def _heuristic_case(text: str) -> str:
    """Vietnamese official casing, guessed: the body type and the first word of its field are
    capitalised ("Sở Lao động - Thương binh và Xã hội"), as is the first word after " - " or
    "và"; acronyms (words without vowels: MTTQ, UBND, TB&XH) and "Việt Nam" are kept."""
    words = text.split()
    out: list[str] = []
    capital_next = True
    for i, word in enumerate(words):
        low = word.lower()
        if low in ("-", "–"):
            out.append(word)
            capital_next = True
            continue
        if not _VOWELS.search(word) or "&" in word:
            out.append(word)
            capital_next = False
            continue
        out.append(word.capitalize() if capital_next else low)
        head = " ".join(w.lower() for w in words[:i + 1])
        capital_next = low == "và" or head in _UNIT_TYPES
    cased = " ".join(out)
    for name in _PROPER_NAMES:
        cased = regex.sub(rf"\b{name}\b", name, cased, flags=regex.IGNORECASE)
    return cased


# Names with fixed casing that the heuristic cannot guess.
_PROPER_NAMES = ("Việt Nam", "Mặt trận Tổ quốc", "Ngân hàng Chính sách xã hội",
                 "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh", "Hội Nông dân",
                 "Đoàn Thanh niên Cộng sản Hồ Chí Minh")


def _cased(phrase: str, body: str) -> str:
    """A header phrase in proper case: as the body spells it if it recurs there, else a guess."""
    return _case_from_body(phrase, body) or _heuristic_case(phrase)


def _split_admin(line: str) -> tuple[str, str]:
    """"PHÒNG GIAO DỊCH HUYỆN KRÔNG BÔNG" → ("PHÒNG GIAO DỊCH", "huyện Krông Bông")."""
    admin = _ADMIN.search(line)
    if not admin or admin.start() == 0:
        return line, ""
    return line[:admin.start()].strip(), f"{admin['level'].lower()} {admin['name'].title()}"


def _joined_header_lines(left: list[str]) -> list[str]:
    """Header lines that only continue the line above: a name wrapped at "VÀ XÃ HỘI" or
    " - ", and a place alone ("HUYỆN EA KAR" under "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"), which
    belongs to the body above it unless that body is a local government (its own line)."""
    joined: list[str] = []
    for line in left:
        wrapped = regex.match(r"(?:VÀ|-|–)\s", line)
        # a place alone joins the body above only in a three-line header (in two lines,
        # "ỦY BAN NHÂN DÂN / HUYỆN TỨ KỲ" is the usual government form, read as such below)
        place_alone = _ADMIN.match(line) is not None and len(left) > 2 and joined and \
            not _ADMIN.search(joined[-1]) and joined[-1] not in _ABBREVIATIONS
        if joined and (wrapped or place_alone):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def issuer_from_header(lines: list[str], body: str) -> str | None:
    """"ỦY BAN NHÂN DÂN | HUYỆN TỨ KỲ" → "UBND huyện Tứ Kỳ"; other bodies as the text spells them.

    The lowest header line is the issuing body; a line above it is its parent. A local
    government body is written the way reports abbreviate it (UBND, HĐND + level + name). Any
    other body is its own name, then its parent's name when it is a part of the parent (Phòng
    giao dịch of a bank, Ban Thường trực of a Front committee; not when the parent is a UBND or
    the same organisation one level up), then its place; each part in the casing the body text
    uses where the phrase recurs there.
    """
    left = _joined_header_lines(_header_left(lines))
    if not left:
        return None
    first = " ".join(left[0].split())
    if first in _ABBREVIATIONS and len(left) >= 2:
        admin = _ADMIN.search(left[1])
        if admin:
            return f"{_ABBREVIATIONS[first]} {admin['level'].lower()} {admin['name'].title()}"
        return f"{_ABBREVIATIONS[first]} {left[1].title()}"
    own_org, own_place = _split_admin(left[-1])
    parts = [own_org]
    place = own_place
    if len(left) >= 2:
        parent_org, parent_place = _split_admin(left[-2])
        is_government = any(parent_org.startswith(k) for k in _ABBREVIATIONS)
        if parent_org != own_org and not is_government:
            parts.append(parent_org)
        place = place or parent_place
    whole = " ".join(parts + ([place] if place else []))
    if found := _case_from_body(whole, body):
        return found
    return " ".join([_cased(p, body) for p in parts] + ([place] if place else []))


def _title(lines: list[str], start: int) -> str | None:
    """The title: the lines after the type line (or the V/v line itself) up to a blank line."""
    parts: list[str] = []
    for text in lines[start:start + 6]:
        if not text.strip():
            if parts:
                break
            continue
        if parts and P.BODY_START.match(text) or P.ADDRESSEE.match(text):
            break
        parts.append(text.strip())
    title = " ".join(" ".join(parts).split())
    return title or None


_SPECKS = set("¢|’‘`´")


def _citations_text(flow: Flow, ocr_tolerant: bool = False) -> tuple[str, list[int]]:
    """The flow with line breaks inside hyphenated numbers removed ("82/KH-\\nUBND").

    With ``ocr_tolerant``, OCR specks ("QD-TT¢g", "số |") are dropped too. Returns the joined
    text and, per character, its offset in the flow (to find the line).
    """
    chars: list[str] = []
    index: list[int] = []
    text = flow.text
    for i, ch in enumerate(text):
        if ocr_tolerant and ch in _SPECKS:
            continue
        if ch == "\n" and i > 0 and text[i - 1] in "-/" and i + 1 < len(text) and \
                regex.match(r"\p{Lu}", text[i + 1]):
            continue
        chars.append(" " if ch == "\n" else ch)
        index.append(i)
    return "".join(chars), index


# Code parts of document numbers whose "Đ" OCR reads as "D" (Decree 30/2020 abbreviations).
_CODE_REPAIRS = {
    "HDND": "HĐND", "QD": "QĐ", "ND": "NĐ", "LDTBXH": "LĐTBXH", "BCD": "BCĐ", "VPDP": "VPĐP",
    "DU": "ĐU", "TTLT-BLDTBXH": "TTLT-BLĐTBXH", "BLDTBXH": "BLĐTBXH", "CD": "CĐ", "DA": "ĐA",
    "SLDTBXH": "SLĐTBXH", "PLDTBXH": "PLĐTBXH", "DTN": "ĐTN",
}


def repair_code(number: str) -> str:
    """"37/2024/NQ-HDND" → "37/2024/NQ-HĐND": only whole code parts from the standard list."""
    parts = regex.split(r"([/-])", number)
    return "".join(_CODE_REPAIRS.get(part, part) for part in parts)


def find_citations(flow: Flow, own_number: str | None,
                   ocr_tolerant: bool = False) -> list[Citation]:
    """Every document cited, once each, in order of first mention.

    With ``ocr_tolerant``, code parts that OCR stripped of "Đ" are put back (HDND → HĐND).
    """
    text, index = _citations_text(flow, ocr_tolerant)
    seen: set[str] = set()
    out: list[Citation] = []
    spans: list[tuple[int, int]] = []
    for pattern in (P.CITATION, P.CITATION_BARE):
        for m in pattern.finditer(text):
            number = m["number"].rstrip(".-")
            if ocr_tolerant:
                number = repair_code(number)
            if number == own_number or number in seen or "/" not in number:
                continue
            if any(s <= m.start("number") < e for s, e in spans):
                continue
            spans.append((m.start(), m.end()))
            seen.add(number)
            ref = flow.lines[flow.line_at(index[m.start()])]
            issuer = m.groupdict().get("issuer")
            kind = m["kind"]
            out.append(Citation(
                kind=" ".join(kind.split()).capitalize() if kind else None,
                number=number,
                date=_parse_date(m["date"]) if m["date"] else None,
                issuer=" ".join(issuer.split()) if issuer else None,
                quote=" ".join(m.group(0).split()),
                page=ref.page,
                line=ref.line,
            ))
    order = sorted(range(len(out)), key=lambda i: spans[i][0])
    return [out[i] for i in order]


def _recipients(lines: list[str]) -> list[str]:
    """The "Kính gửi:" and "Nơi nhận:" lists, minus "Như trên" and the archive line "Lưu"."""
    out: list[str] = []
    for i, text in enumerate(lines):
        head = P.ADDRESSEE.match(text) or (P.RECIPIENTS_HEAD.match(text) and text)
        if not head:
            continue
        if isinstance(head, regex.Match) and head["rest"].strip():
            out.append(head["rest"].strip().rstrip(";.,"))
        for item in lines[i + 1:i + 25]:
            if not item.strip():
                continue
            m = regex.match(r"^\s*[-–+•]\s*(?P<who>.+)$", item)
            if not m:
                break
            who = regex.split(r";|\.\s|\.$|\s{2,}", m["who"])[0].strip().rstrip(";.,")
            if who and not regex.match(r"(?:Như\s+trên|Lưu\b)", who, regex.IGNORECASE):
                out.append(who)
    return list(dict.fromkeys(out))


def document_identity(flow: Flow, ocr_tolerant: bool = False) -> DocumentIdentity:
    """Read the identity block of a document from its first lines and its whole text."""
    lines = [ref.text for ref in flow.lines]
    head = lines[:HEADER_LINES]
    number = place = None
    date = None
    for text in head:
        if not number and (m := P.OWN_NUMBER.match(text)):
            number = m["number"].rstrip(".")
            number = repair_code(number) if ocr_tolerant else number
            text = text[m.end():]
        if not date and (m := P.PLACE_DATE.search(text)):
            place = " ".join(m["place"].split())
            if place.lower().startswith("số"):
                place = None
            try:
                date = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                date = None
    doc_type = None
    title = None
    for i, text in enumerate(head):
        if found := doc_type_of(text, ocr_tolerant):
            doc_type = found
            title = _title(lines, i + 1)
            break
    if title is None:
        for i, text in enumerate(head):
            if P.SUBJECT_LINE.match(text):
                title = _title(lines, i)
                doc_type = doc_type or "CÔNG VĂN"
                break
    if doc_type is None and number:
        code = regex.search(r"/(?:\d{4}/)?(?P<code>[\p{L}]+)-", number)
        doc_type = P.TYPE_CODES.get(code["code"]) if code else None
    body_from = next((i for i, t in enumerate(head) if P.OWN_NUMBER.match(t)
                      or doc_type_of(t, ocr_tolerant) or P.SUBJECT_LINE.match(t)), 2)
    body = " ".join(lines[body_from:])
    return DocumentIdentity(
        type=doc_type,
        issuer=issuer_from_header(head, body),
        number=number,
        place=place,
        date=date,
        title=title,
        recipients=_recipients(lines),
        cites=find_citations(flow, number, ocr_tolerant),
    )
