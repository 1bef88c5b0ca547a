"""Unicode and orthography for Vietnamese: one canonical form of every syllable, with reasons.

Why this module exists: the same printed word reaches us in many byte forms. OCR engines and
PDF text layers emit decomposed marks (``a`` + U+0300), marks stranded on consonants or after a
space, Cyrillic/Greek letters that look Latin, the Icelandic eth ``ð`` for ``đ``, non-breaking
and zero-width spaces, and two competing tone-placement styles for ``oa``/``oe``/``uy``. Lexicon
look-ups and syllable error rates only work on one form, so ``normalize_text`` rewrites each
token into it and records every edit as a ``schemas.Change`` (text plus explanation, as ftfy
does), offsets pointing into the *input* line.

Tone-placement styles, named as this project names them (the issue, and
``fixtures/corpus/README.md``: "newer style (hòa, xóa, ủy, thủy)"); trust the examples, since
some references (Unikey, parts of the Vietnamese Wikipedia) use the two names the other way:

* ``"new"``: the mark on the *first* vowel of an open ``oa``/``oe``/``uy``:
  ``hòa, xóa, khỏe, thủy, ủy`` (what the seed and the corpus use).
* ``"old"``: the mark on the *second* vowel: ``hoà, xoá, khoẻ, thuỷ, uỷ``.
* ``"keep"``: detect the majority style of the text given (``detect_tone_style``) and make the
  minority follow it; with no majority nothing is moved.

Only open syllables (no final consonant) differ: ``hoàn``, ``thuyền``, ``quý`` are written one
way in both styles. For a whole document, call ``detect_tone_style`` on the full text once and
pass the result to ``normalize_text`` line by line (or use ``normalize_lines``): a single line
rarely has enough evidence.

Helpers for the restorer (all pure, all handle upper case and NFD input):
``split_tone``, ``apply_tone``, ``tone_position``, ``strip_diacritics``, ``syllable_skeleton``,
``is_vietnamese_syllable``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Literal

import regex

from schemas.models import Change

Style = Literal["new", "old", "keep"]
Tone = Literal["level", "grave", "acute", "hook", "tilde", "dot"]

#: Combining tone marks (NFD) and their names. U+0340/U+0341 are canonical duplicates that NFC
#: folds into U+0300/U+0301, so they need no entry.
TONE_MARKS: dict[str, Tone] = {
    "\u0300": "grave",  # huyền
    "\u0301": "acute",  # sắc
    "\u0309": "hook",  # hỏi
    "\u0303": "tilde",  # ngã
    "\u0323": "dot",  # nặng
}
TONE_MARK_OF: dict[Tone, str] = {name: mark for mark, name in TONE_MARKS.items()}
TONES: tuple[Tone, ...] = ("level", "grave", "acute", "hook", "tilde", "dot")

#: Vowel letters without tone (lower case); the modified ones carry the tone when present.
VOWELS = frozenset("aăâeêioôơuưy")
MODIFIED_VOWELS = frozenset("ăâêôơư")
STYLE_CLUSTERS = frozenset({"oa", "oe", "uy"})

_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "ch", "nh", "ph", "th", "tr", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip

_OPEN_RHYMES_DATA = (
    "a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui uơ uy ưa ưi ưu "
    "iêu yêu oai oao oay oeo uây uôi uya uyu ươi ươu"
)
_OPEN_RHYMES = _OPEN_RHYMES_DATA.split()
_NUCLEUS_FINALS = {
    "a": "c ch m n ng nh p t",
    "ă": "c m n ng p t",
    "â": "c m n ng p t",
    "e": "c m n ng p t",
    "ê": "ch m n nh p t",
    "i": "ch m n nh p t",
    "o": "c m n ng p t",
    "ô": "c m n ng p t",
    "ơ": "m n p t",
    "u": "c m n ng p t",
    "ư": "c m n ng t",
    "iê": "c m n ng p t",
    "yê": "m n ng t",
    "uô": "c m n ng t",
    "ươ": "c m n ng p t",
    "oa": "c ch m n ng nh p t",
    "oă": "c m n ng t",
    "oe": "m n t",
    "oo": "c ng",
    "uâ": "n ng t",
    "uê": "ch n nh",
    "uy": "ch n nh p t",
    "uyê": "n t",
}
#: Every valid toneless rhyme (vowel nucleus plus final), lower case.
RHYMES: frozenset[str] = frozenset(
    _OPEN_RHYMES + [n + f for n, fs in _NUCLEUS_FINALS.items() for f in fs.split()]
)
_STOP_FINALS = ("p", "t", "c", "ch")
_FRONT = ("i", "e", "ê", "y")

#: Letters from other scripts drawn like Latin ones; replaced only inside tokens that also hold
#: Latin letters (a pure Cyrillic or Greek word is left alone).
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
    "С": "C", "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i",
    "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v",
    "ι": "i", "κ": "k", "α": "a", "υ": "u", "ρ": "p", "τ": "t",
}  # fmt: skip
#: Latin look-alikes of Vietnamese letters (eth for đ, caron for breve); replaced only when the
#: result is a Vietnamese syllable, so Icelandic "með" or pinyin "nǎ" survive.
VIETNAMESE_LOOKALIKES: dict[str, str] = {
    "ð": "đ", "Ð": "Đ", "Ɖ": "Đ", "ɖ": "đ", "ǎ": "ă", "Ǎ": "Ă",
}  # fmt: skip
#: Characters that print nothing and split or glue words invisibly: removed inside tokens.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
#: Space look-alikes, replaced by a plain space.
SPACES = frozenset(
    "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000"
)

_TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_WORD = regex.compile(r"[\p{L}\p{M}]+")


# --------------------------------------------------------------------------- letters and tones


@lru_cache(maxsize=4096)
def _split_char(ch: str) -> tuple[str, Tone | None]:
    """(letter without tone, tone or None) for one NFC character."""
    decomposed = unicodedata.normalize("NFD", ch)
    tone: Tone | None = None
    kept = []
    for c in decomposed:
        if c in TONE_MARKS and tone is None and kept:
            tone = TONE_MARKS[c]
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def split_tone(syllable: str) -> tuple[str, Tone]:
    """Split a syllable into its toneless base and its tone: ``"Người"`` → ``("Ngươi", "grave")``.

    Input may be NFC or NFD, any case. Vowel marks (circumflex, breve, horn) and đ stay in the
    base; only the five tone marks are removed. With several tone marks (damaged text) the first
    one is returned and all are removed from the base.
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    tone: Tone = "level"
    found = False
    kept = []
    for c in decomposed:
        if c in TONE_MARKS:
            if not found:
                tone, found = TONE_MARKS[c], True
        else:
            kept.append(c)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def tone_count(syllable: str) -> int:
    """How many tone marks the text carries (0 or 1 for a well-formed syllable)."""
    return sum(c in TONE_MARKS for c in unicodedata.normalize("NFD", syllable))


def _nucleus(base_lower: str) -> tuple[int, int] | None:
    """Span [start, end) of the vowel nucleus in a toneless lower-case syllable.

    The ``u`` of ``qu`` and the ``i`` of ``gi`` belong to the onset when another vowel follows
    (``quá``, ``gia``); in ``gì``/``gìn`` the ``i`` is the vowel.
    """
    start = next((i for i, c in enumerate(base_lower) if c in VOWELS), None)
    if start is None:
        return None
    end = start
    while end < len(base_lower) and base_lower[end] in VOWELS:
        end += 1
    if end - start > 1 and (
        (base_lower[:start] == "q" and base_lower[start] == "u")
        or (base_lower[:start] == "g" and base_lower[start] == "i")
    ):
        start += 1
    return start, end


def tone_position(base: str, style: Literal["new", "old"] = "new") -> int | None:
    """Index of the letter of the toneless ``base`` (NFC) that carries the tone, or None.

    Rules: a vowel with a modifier wins (the last one: ``ươ`` → ơ, so ``người``); a single vowel
    takes it; with a final consonant the last vowel (``hoàn``); three open vowels the middle one
    (``khuỷu``, ``hoài``); two open vowels the first (``mùa``, ``hai``), except ``oa``/``oe``/``uy``
    which depend on ``style`` ("new": ``hòa``; "old": ``hoà``).
    """
    lower = unicodedata.normalize("NFC", base).lower()
    span = _nucleus(lower)
    if span is None:
        return None
    start, end = span
    cluster = lower[start:end]
    modified = [i for i in range(start, end) if lower[i] in MODIFIED_VOWELS]
    if modified:
        return modified[-1]
    if len(cluster) == 1:
        return start
    if end < len(lower):
        return end - 1
    if len(cluster) >= 3:
        return start + 1
    if cluster in STYLE_CLUSTERS:
        return start if style == "new" else start + 1
    return start


def apply_tone(base: str, tone: Tone, style: Literal["new", "old"] = "new") -> str:
    """Put ``tone`` on the right vowel of the toneless ``base``: ``("hoa", "grave")`` → ``hòa``
    ("new") or ``hoà`` ("old").

    Case is kept letter by letter. A base that still carries a tone is stripped first. Raises
    ValueError when a non-level tone is asked for a base with no vowel.
    """
    base, _ = split_tone(base)
    if tone == "level":
        return base
    pos = tone_position(base, style)
    if pos is None:
        raise ValueError(f"no vowel to carry a tone in {base!r}")
    marked = unicodedata.normalize("NFC", base[pos] + TONE_MARK_OF[tone])
    return base[:pos] + marked + base[pos + 1 :]


def strip_diacritics(text: str) -> str:
    """Remove every mark (tones, circumflex, breve, horn) and turn đ/Đ into d/D; keeps case.

    One output character per input character for precomposed Vietnamese and for ASCII.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def syllable_skeleton(syllable: str) -> str:
    """Lower-case, mark-free key (``"Người"`` → ``"nguoi"``): what OCR without ``vie`` keeps."""
    return strip_diacritics(syllable).lower()


def _valid_rhyme_after(onset: str, rest: str) -> bool:
    if onset == "qu":
        return bool(rest) and rest[0] not in "uo" and ("o" + rest in RHYMES or "u" + rest in RHYMES)
    if onset == "gi":
        return bool(rest) and (rest in RHYMES or "i" + rest in RHYMES)
    if rest not in RHYMES:
        return False
    front = rest.startswith(_FRONT)
    if onset in ("c", "q") and front:
        return False
    if onset == "k" and not front:
        return False
    if onset in ("gh", "ngh") and not rest.startswith(("i", "e", "ê")):
        return False
    if onset == "ng" and rest.startswith(("i", "e", "ê")):
        return False
    return not (onset == "g" and rest.startswith(("e", "ê")))


def parse_syllable(syllable: str) -> tuple[str, str, Tone] | None:
    """(onset, rhyme, tone) of a Vietnamese syllable, lower case and toneless; None if invalid."""
    text = unicodedata.normalize("NFC", syllable)
    if not text or tone_count(text) > 1:
        return None
    base, tone = split_tone(text)
    base = base.lower()
    if not base.isalpha():
        return None
    for onset in _ONSETS:
        if base.startswith(onset) and _valid_rhyme_after(onset, base[len(onset) :]):
            rhyme = base[len(onset) :]
            if rhyme.endswith(_STOP_FINALS) and tone not in ("acute", "dot"):
                continue
            return onset, rhyme, tone
    return None


def is_vietnamese_syllable(syllable: str) -> bool:
    """Structural check: a known onset, a valid rhyme, spelling rules (c/k, g/gh, ng/ngh, qu),
    and a tone allowed by the final (``-p -t -c -ch`` take only sắc or nặng).

    It says whether the string *could* be a Vietnamese syllable, not whether it is a word; any
    case, NFC or NFD. ``"người"``, ``"QUỐC"``, ``"gìn"`` → True; ``"hello"``, ``"càc"``,
    ``"ke"`` → "ke" is True (kẻ), ``"ce"`` → False.
    """
    return parse_syllable(syllable) is not None


# --------------------------------------------------------------------------- style detection


@lru_cache(maxsize=65536)
def _style_of(token: str) -> Literal["new", "old"] | None:
    """Which style a style-dependent syllable (open oa/oe/uy with a tone) is written in."""
    if token.isascii():
        return None
    letters = [_split_char(c) for c in token]
    tones = [i for i, (_, t) in enumerate(letters) if t is not None]
    if len(tones) != 1:
        return None
    base = "".join(b for b, _ in letters)
    lower = base.lower()
    span = _nucleus(lower)
    if span is None or span[1] != len(lower) or lower[span[0] : span[1]] not in STYLE_CLUSTERS:
        return None
    if tones[0] == span[0]:
        return "new"
    if tones[0] == span[0] + 1:
        return "old"
    return None


def detect_tone_style(text: str | Iterable[str]) -> Literal["new", "old"] | None:
    """The majority tone-placement style of a text (or of lines), or None if there is no
    evidence or a tie. Only open ``oa``/``oe``/``uy`` syllables with a tone count."""
    if not isinstance(text, str):
        text = "\n".join(text)
    counts = {"new": 0, "old": 0}
    for match in _WORD.finditer(unicodedata.normalize("NFC", text)):
        style = _style_of(match.group())
        if style is not None:
            counts[style] += 1
    if counts["new"] == counts["old"]:
        return None
    return "new" if counts["new"] > counts["old"] else "old"


# --------------------------------------------------------------------------- token repair

_Step = tuple[str, str, float]  # (new text, reason, confidence)


def _fix_homoglyphs(token: str) -> _Step | None:
    has_latin = any("LATIN" in unicodedata.name(c, "") for c in token if c.isalpha())
    if not has_latin:
        return None
    letters = [c for c in token if c.isalpha()]
    foreign = [c for c in letters if c in HOMOGLYPHS]
    others = [c for c in letters if "LATIN" not in unicodedata.name(c, "") and c not in HOMOGLYPHS]
    if not foreign or others:
        return None
    fixed = unicodedata.normalize("NFC", "".join(HOMOGLYPHS.get(c, c) for c in token))
    return fixed, "homoglyph", 0.95


def _fix_lookalikes(token: str) -> _Step | None:
    if not any(c in VIETNAMESE_LOOKALIKES for c in token):
        return None
    fixed = "".join(VIETNAMESE_LOOKALIKES.get(c, c) for c in token)
    if is_vietnamese_syllable(fixed):
        return fixed, "homoglyph", 0.95
    return None


def _fix_marks(token: str, style: Literal["new", "old"]) -> _Step | None:
    """Tone marks stranded (leading the token, on a consonant), duplicated, or on a vowel no
    style puts them on (``hóan`` → ``hoán``, ``ngừơi`` → ``người``)."""
    decomposed = unicodedata.normalize("NFD", token)
    if not any(c in TONE_MARKS for c in decomposed):
        return None
    lead = ""
    while decomposed and unicodedata.combining(decomposed[0]):
        lead, decomposed = lead + decomposed[0], decomposed[1:]
    if not decomposed:
        return "", "stray-mark", 0.5
    if any(c not in TONE_MARKS for c in lead):
        return None
    marks = [c for c in lead + decomposed if c in TONE_MARKS]
    if len(set(marks)) != 1:
        return None  # two different tones: a restorer's decision, not an orthographic one
    tone = TONE_MARKS[marks[0]]
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    if not is_vietnamese_syllable(base) or not is_vietnamese_syllable(apply_tone(base, tone)):
        return None
    current = unicodedata.normalize("NFC", token)
    if not lead and len(marks) == 1 and len(current) == len(base):
        at = next(i for i, c in enumerate(current) if _split_char(c)[1] is not None)
        if at in (tone_position(base, "new"), tone_position(base, "old")):
            return None  # well placed in one style or the other; the style step decides
    if lead or len(marks) > 1:
        return apply_tone(base, tone, style), "stray-mark", 0.7
    return apply_tone(base, tone, style), "tone-placement", 0.9


def _fix_style(token: str, style: Literal["new", "old"] | None) -> _Step | None:
    if style is None:
        return None
    current = _style_of(token)
    if current is None or current == style:
        return None
    base, tone = split_tone(token)
    return apply_tone(base, tone, style), "tone-style", 0.99


@lru_cache(maxsize=65536)
def _normalize_token(
    token: str, target: Literal["new", "old"] | None
) -> tuple[str, tuple[str, ...], float]:
    """Run the repairs on one token; returns (text, reasons, lowest confidence).

    Cached: a report repeats the same few thousand tokens, and this runs on every line.
    """
    reasons: list[str] = []
    confidence = 1.0
    text = token
    if any(c in INVISIBLE for c in text):
        text = "".join(c for c in text if c not in INVISIBLE)
        reasons.append("invisible")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        text = nfc
        reasons.append("nfc")
    if text.isascii():
        return text, tuple(reasons), confidence
    for step in (
        _fix_homoglyphs,
        _fix_lookalikes,
        lambda t: _fix_marks(t, target or "new"),
        lambda t: _fix_style(t, target),
    ):
        result = step(text)
        if result is not None and result[0] != text:
            text = result[0]
            reasons.append(result[1])
            confidence = min(confidence, result[2])
    return text, tuple(reasons), confidence


def normalize_text(text: str, style: Style = "keep") -> tuple[str, list[Change]]:
    """Canonical Unicode Vietnamese for one line (or any text), with one Change per edit.

    Repairs, in order, inside each token: invisible characters removed (zero-width, soft
    hyphen), NFC, Cyrillic/Greek homoglyphs in Latin words, ``ð``/``Ð`` → ``đ``/``Đ`` (only
    when that makes a Vietnamese syllable), stranded/duplicated/misplaced tone marks, and the
    tone-placement ``style`` (see the module docstring). Between tokens, space look-alikes
    (NBSP, thin spaces...) become a plain space.

    Returns the new text and the changes; ``Change.start``/``end`` are offsets into ``text``
    and ``Change.reason`` joins the steps that fired with "+" (e.g. ``"nfc+tone-style"``).
    Text already in canonical form comes back identical with no changes.
    """
    if style == "keep":
        return _normalize(text, detect_tone_style(text))
    if style in ("new", "old"):
        return _normalize(text, style)
    raise ValueError(f"unknown tone style {style!r}; use 'new', 'old' or 'keep'")


def normalize_lines(lines: list[str], style: Style = "keep") -> list[tuple[str, list[Change]]]:
    """``normalize_text`` over the lines of one document, with ``"keep"`` decided once for the
    whole document (a single line rarely shows its style). Use this, or call
    ``detect_tone_style`` on the whole document and pass its answer per line."""
    if style == "keep":
        target = detect_tone_style(lines)
    elif style in ("new", "old"):
        target = style
    else:
        raise ValueError(f"unknown tone style {style!r}; use 'new', 'old' or 'keep'")
    return [_normalize(line, target) for line in lines]


def _normalize(text: str, target: Literal["new", "old"] | None) -> tuple[str, list[Change]]:
    """The work of ``normalize_text``; ``target`` None means: move no tone between styles."""
    out: list[str] = []
    changes: list[Change] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        _copy_between(text, pos, match.start(), out, changes)
        token = match.group()
        fixed, reasons, confidence = _normalize_token(token, target)
        out.append(fixed)
        if fixed != token:
            changes.append(
                Change(
                    start=match.start(),
                    end=match.end(),
                    raw=token,
                    restored=fixed,
                    confidence=confidence,
                    reason="+".join(reasons),
                )
            )
        pos = match.end()
    _copy_between(text, pos, len(text), out, changes)
    return "".join(out), changes


def _copy_between(text: str, start: int, end: int, out: list[str], changes: list[Change]) -> None:
    """Copy the text between tokens, turning space look-alikes into plain spaces."""
    segment = text[start:end]
    if segment.isascii():
        out.append(segment)
        return
    for i in range(start, end):
        ch = text[i]
        if ch in SPACES:
            out.append(" ")
            changes.append(
                Change(start=i, end=i + 1, raw=ch, restored=" ", confidence=1.0, reason="space")
            )
        else:
            out.append(ch)
