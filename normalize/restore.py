"""Restore Vietnamese text damaged by OCR: candidates per token, decoding per line with context.

For each word token the lexicon offers candidate syllables whose mark-free skeleton is close to
the token's (rapidfuzz over skeletons, digits that stand for letters mapped), the channel model
scores how likely the OCR engine turned each candidate into what was printed, and a beam search
over the line with the trigram language model picks the most likely sequence. Numbers, codes,
abbreviations, e-mail and URLs are protected; a digit becomes a letter only when the language
model says so, and such edits carry reason "digit-letter".

Do no harm: the document's *regime* is estimated first. Text that already carries Vietnamese
marks (a ``vie`` OCR or a text layer) is scored with the ``vie`` channel, where changing a valid
syllable costs a lot; text read without the Vietnamese model uses the ``eng`` channel, where
marks are nearly free to restore. Text that is not Vietnamese at all is left alone with a
warning.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from normalize.channel import ChannelModel, load_channels
from normalize.lexicon import (
    Lexicon,
    has_vietnamese_marks,
    load_lexicon,
    looks_like_syllable,
    skeleton,
)
from normalize.lm import BOS, EOS, NUM, UNK, NGramLM, load_lm
from schemas import Change, Document, Line, Warning

# ---------------------------------------------------------------------------- tunables
LM_WEIGHT = 0.65  # dev: 0.5-0.8 within 0.2 point; 0.65 best with 20 candidates
KEEP_UNKNOWN_COST = 12.0  # cost of leaving a non-lexicon token as printed
DIGIT_LETTER_PENALTY = 1.0  # extra cost of reading a pure number as a word (dev: 4 -> 1 helped, flat below)
NOISE_KEEP_COST = 6.0  # cost of keeping a lone OCR symbol (¢, &, @) that may stand for a word
MAX_CANDIDATES = 24  # dev: 20 -> 24 gained 0.02 point (seed 2.48 -> 2.45), 28 only 0.01 more at 35% of warm speed
EXACT_KEY_WIDTH = 20  # mark variants of the nearest skeleton keys (8 dropped đói for d6i)
KEYS_PER_TOKEN = 18
BEAM = 12
BEAM_MARGIN = 8.0  # hypotheses this far (nats) below the best are dropped (dev: no loss at 8)
OPTION_MARGIN = 10.0  # candidates this far (channel + frequency, nats) behind the best dropped (dev: no loss at 10)
LOW_CONFIDENCE = 0.6
CONFIDENCE_RIVAL_MARGIN = 12.0  # options this much dearer (nats) are left out of a confidence
VIE_REREAD_MIN_CONFIDENCE = 0.85  # ... and below this a valid syllable printed with marks stays
VIE_MIN_CONFIDENCE = 0.8  # below this a repair of text read with marks is not applied
CHANGE_VALID_PENALTY = 14.0  # extra cost of replacing a valid syllable printed with its marks
VIE_OCR_PENALTY = 2.0  # OCR read with marks: extra cost of another tone/mark of a valid syllable
VIE_OCR_MAX_CHANNEL = 6.0  # ... only for confusions the vie channel finds likely
VIE_REGIME_MARKED_SHARE = 0.25  # share of word tokens carrying Vietnamese marks
VIETNAMESE_MIN_VALID_SHARE = 0.6  # share of word tokens with a Vietnamese skeleton

_STRONG = {"đ", "\u0302", "\u0306", "\u031b", "\u0303", "\u0309", "\u0323"}  # in NFD
_NOISE = "¢€&©®°£¥§|!?'’”"
_NOISE_WORD = regex.compile(r"^[¢&@©®¥§€£]{1,2}$")  # a short word the eng engine read as symbols
_HORN_MARKS = "?’'"  # ư/ơ horns and tone marks an engine without Vietnamese prints after a letter
_DIGIT_WORD = regex.compile(r"^\d{1,2}\p{Ll}{1,3}$")  # "16p", "l6n": a word with digits for letters
_ROMAN_WITH_L = regex.compile(r"^(?=.*[IVX])(?=.*l)[IVXl]{2,5}$")  # Il. → II. (l read for I)
_WORD = regex.compile(  # letters, digits and OCR noise; stray quotes, ? only inside, @ not first
    r"^(?=.*[\p{L}\d])[\p{L}\d¢€&©®°£¥§](?:[\p{L}\d¢€&©®°£¥§’'@?*`]*[\p{L}\d¢€&©®°£¥§@])?$"
)
# đồng/ngôi, and as an engine without Vietnamese prints it d6ng/h6: words, not a code (every
# part starts with a small letter and has two characters or more, no capitals; digits only as
# look-alikes inside a part; units such as km/h are left alone by the caller)
_SLASHED_WORDS = regex.compile(r"^\p{Ll}[\p{Ll}\d&@¢]+(?:/\p{Ll}[\p{Ll}\d&@¢]+)+$")
LINE_MIN_VALID_SHARE = 0.3  # a line inside a Vietnamese text is left alone below this
_PROTECTED = regex.compile(
    r"[/\\_=+#<>|]|[\w.+-]+@[\w-]+\.\w|://|^www\.|\.(?:vn|com|org|net|gov)\b|\d[.,]\d|\d{3,}|^\d{2,}[a-zA-Z]|-"
)
_UNITS = {"km", "m", "cm", "mm", "ha", "kg", "m2", "m3", "km2", "kw", "kwh", "mw", "ml", "tr",
          "đ", "vnđ", "vnd", "usd", "gb", "mb", "tb"}
_LEADING = "([{“\"'‘«-–—•*/"
_TRAILING = ".,;:!?)]}”\"'’»…/"
_DOLLAR_WORD = regex.compile(r"^\$(?:\p{L}*[06@]\p{L}*|\p{L}+)$")  # $6 (số), $6n; never $5
_MIDDLE_NAMES = {"Thị", "Văn"}  # between a family and a given name: person names' tones are real
_UNDERSCORED = regex.compile(r"^(?:\d{1,3}|[IVX]{1,4})_$")
_BRACES = {"{", "}", "[", "]", "¡", "!", "†", "‡", "j"}  # table rules misread (dev renders)
_CELL_RULE = regex.compile(r"^[|{}\[\]]+$")  # table rules as OCR prints them
_SKELETON_PARTS = regex.compile(r"^[b-df-hj-np-tv-xz]*[aeiouy]")  # a syllable key has a vowel
_SENTENCE_END = set(".,;:!?()[]{}“”\"'‘’…")
_DIGIT_KEY = str.maketrans({"0": "o", "1": "l", "3": "a", "4": "a", "6": "o", "8": "a", "&": "a",
                            "@": "o", "¢": "o"})  # @ for ở, ¢ for ợ: "S¢", "s@" are Sở


# An engine without Vietnamese reads the horned ư as "i" with its horn as a t or f, and the
# coda c after it as "e" (mức → "mite", chức → "chife", từ → "tit"): more than the two edits the
# skeleton search allows, so these endings also look up the u-skeleton (dev eng renders)
_HORN_ENDINGS = regex.compile(r"i[tf](?:e|c|dc)?$")


def _horn_keys(key: str) -> list[str]:
    """Extra skeleton keys for a horned ư read as "it"/"if" at the end of a token."""
    match = _HORN_ENDINGS.search(key)
    if not match or match.start() == 0:
        return []
    coda = "c" if len(match.group()) > 2 else ""
    return [key[: match.start()] + "u" + coda]


_ONSET_Y = regex.compile(r"^([b-df-hj-np-tv-xz]{1,3})y$")  # "thy": thực (ực read as y)
_ONSET_G = regex.compile(r"^([b-df-hj-np-tv-xz]{1,3})g$")  # "tg": trợ (ợ read as g)


def _vowel_lookalike_keys(key: str) -> list[str]:
    """Extra skeleton keys for a vowel an engine without Vietnamese read as a consonant shape:
    "ực" as y ("thy hign" is thực hiện), "ợ" as g ("hé tg" is hỗ trợ, tr read as t)."""
    match = _ONSET_Y.match(key)
    if match:
        return [match.group(1) + "uc"]
    match = _ONSET_G.match(key)
    if match:
        onset = match.group(1)
        return [onset + "o", "tro"] if onset == "t" else [onset + "o"]
    return []


@dataclass
class RestoredText:
    """Restored text and the edits that made it (offsets into the raw text)."""

    text: str
    changes: list[Change] = field(default_factory=list)
    regime: str = "eng"
    vietnamese: bool = True


@dataclass(slots=True)
class _Token:
    start: int  # offset of the core in the raw line
    raw: str  # the core as printed
    prefix: str
    suffix: str
    kind: str  # "word", "protected", "empty"
    options: list[tuple[str, str, float]] = field(default_factory=list)  # (text, symbol, cost)
    glued: bool = False  # the first half of two words printed without a space ("Kéhoach")
    fresh: bool = False  # starts a table row: no context from the line before


# ---------------------------------------------------------------------------- tokens


@lru_cache(maxsize=200_000)
def _split_token(token: str) -> tuple[str, str, str]:
    """(leading punctuation, core, trailing punctuation) of a whitespace token."""
    core = token.lstrip(_LEADING)
    prefix = token[: len(token) - len(core)]
    stripped = core.rstrip(_TRAILING)
    return prefix, stripped, core[len(stripped):]


def _apply_case(pattern: str, word: str) -> str:
    letters = [c for c in pattern if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and pattern[0].isupper() or (letters and letters[0].isupper() and not pattern[0].isalpha()):
        return word[:1].upper() + word[1:]
    return word


_SECOND_READING = {"6": "e", "8": "e"}  # ệ printed as 6 or 8 ("Ty 16" is Tỷ lệ; dev eng)


def _symbol_letters(channel: ChannelModel | None, max_cost: float = 5.0
                    ) -> dict[str, tuple[str, ...]]:
    """Letters (mark-free) that each digit or symbol stands for, from the learned channel.

    The hand map ``_DIGIT_KEY`` gives the first reading; the channel adds what the data showed
    (6 ← ổ ố ở ó ộ, & ← ỡ ở ă, ¢ ← ợ ệ, $ ← s), at most two readings a symbol.
    """
    readings: dict[str, list[tuple[float, str]]] = {}
    if channel is not None:
        for intended, row in channel.substitute.items():
            for observed, cost in row.items():
                if observed and not observed.isalpha() and cost <= max_cost:
                    readings.setdefault(observed, []).append((cost, skeleton(intended)))
    out: dict[str, tuple[str, ...]] = {}
    for symbol in set(readings) | {chr(c) for c in _DIGIT_KEY}:
        letters: list[str] = []
        first = _DIGIT_KEY.get(ord(symbol))
        for letter in [first, *(letter for _c, letter in sorted(readings.get(symbol, []))),
                       *_SECOND_READING.get(symbol, "")]:
            if letter and letter.isalpha() and letter not in letters:
                letters.append(letter)
        if letters:
            out[symbol] = tuple(letters[:2])
    return out


def _case_pattern(core: str, candidate: str) -> str:
    """The printed form whose case a candidate copies: a capital I read for l is a small l."""
    if core[:1] in "IJ" and candidate[:1] == "l" and any(c.islower() for c in core[1:]):
        return "l" + core[1:]  # "Ja" is là, "Idp" is lớp
    return core


def _contextual_case(tokens: list[_Token], k: int, new: str) -> str:
    """Case of a repaired word from its neighbours on the line, where the print is unreliable.

    An engine without Vietnamese capitalises a lone vowel (Bộ → "BO", Mỹ → "MY") and mixes case
    in headings ("CHi TIEU"): two-letter capitals among small letters become title case, a word
    of mixed case follows its neighbours.
    """
    raw = tokens[k].raw
    letters = [c for c in raw if c.isalpha()]
    if len(letters) < 2 or not letters[0].isupper() or new.upper() == new and len(letters) > 2:
        return new
    neighbours = [t.raw for t in (tokens[k - 1] if k else None,
                                  tokens[k + 1] if k + 1 < len(tokens) else None)
                  if t is not None and sum(c.isalpha() for c in t.raw) >= 2]
    capitals = [all(c.isupper() for c in n if c.isalpha()) for n in neighbours]
    if all(c.isupper() for c in letters):
        if len(letters) == 2 and neighbours and not any(capitals):
            return new[:1] + new[1:].lower()
        return new
    if any(c.isupper() for c in letters[1:]):  # "CHi", "MUc"
        return new.upper() if any(capitals) else new[:1] + new[1:].lower()
    return new


def _is_protected(core: str) -> bool:
    core = unicodedata.normalize("NFC", core)
    return bool(_PROTECTED.search(core)) or not _WORD.match(core)


_NON_SPACE = regex.compile(r"\S+")
_NON_SLASH = regex.compile(r"[^\s/]+")


def _word_spans(line: str) -> list[regex.Match[str]]:
    """Whitespace tokens, with lower-case words joined by slashes taken one by one."""
    spans = []
    for match in _NON_SPACE.finditer(line):
        token = match.group()
        core = _split_token(token)[1] if "/" in token else ""
        if core and _SLASHED_WORDS.match(core) and not any(
                part in _UNITS for part in core.split("/")):
            spans.extend(_NON_SLASH.finditer(line, match.start(), match.end()))
        else:
            spans.append(match)
    return spans


@lru_cache(maxsize=200_000)
def _alpha_core(token: str) -> str:
    """The core of a whitespace token when it is all letters, else '' (for language tests)."""
    core = _split_token(unicodedata.normalize("NFC", token))[1]
    return core if core.isalpha() else ""


@lru_cache(maxsize=200_000)
def _is_marked(word: str) -> bool:
    """True when the word carries a mark no engine without Vietnamese prints by chance."""
    return bool(_STRONG & set(unicodedata.normalize("NFD", word.lower())))


@lru_cache(maxsize=200_000)
def _lookup_form(core: str) -> str:
    """The form candidates are looked up by: canonical Unicode in the newer tone style.

    normalize.unicode repairs homoglyphs and stranded marks and moves tone marks (hoà → hòa);
    typographic ligatures (ﬁ, ﬂ) are opened first.
    """
    nfc = unicodedata.normalize("NFC", core)
    if nfc.lower() in _plain_syllables():
        return nfc  # already canonical: skip the (costly) general normalisation
    if any("\ufb00" <= c <= "\ufb06" for c in core):
        core = unicodedata.normalize("NFKC", core)
    try:
        from normalize.unicode import normalize_text
    except ImportError:  # pragma: no cover - the sibling module ships with the package
        return unicodedata.normalize("NFC", core)
    return normalize_text(core, style="new")[0]


@lru_cache(maxsize=1)
def _plain_syllables() -> frozenset[str]:
    """Lexicon syllables whose spelling no tone style moves (no oa/oe/uy nucleus).

    Their NFC form is already the canonical lookup form (checked over the whole lexicon by
    tests/test_restore.py), so the clean-text path need not run normalize.unicode on them.
    """
    return frozenset(s for s in load_lexicon().counts
                     if not any(pair in skeleton(s) for pair in ("oa", "oe", "uy")))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class Restorer:
    """Holds the loaded artefacts; one per process (see :func:`get_restorer`)."""

    def __init__(self, lexicon: Lexicon, lm: NGramLM, channels: dict[str, ChannelModel]):
        self.lexicon = lexicon
        self.lm = lm
        self.channels = channels
        self.keys = list(lexicon.by_skeleton)
        self.vocabulary = lexicon.counts
        self.symbol_letters = _symbol_letters(channels.get("eng"))
        self.key_counts = {
            key: sum(lexicon.counts[s] for s in values) for key, values in lexicon.by_skeleton.items()
        }

    # ------------------------------------------------------------------ regime and language

    def assess(self, text: str) -> tuple[bool, str]:
        """(is Vietnamese, regime) of a text from its word tokens."""
        words = [w for w in map(_alpha_core, text.split()) if w]
        if not words:
            return True, "vie"
        marked = sum(map(_is_marked, words))
        if len(words) < 4:  # too little to call it foreign; the marks still tell the regime
            return True, "vie" if marked / len(words) >= VIE_REGIME_MARKED_SHARE else "eng"
        valid = sum(map(self._valid_key, words))
        vietnamese = valid / len(words) >= VIETNAMESE_MIN_VALID_SHARE or marked / len(words) > 0.2
        regime = "vie" if marked / len(words) >= VIE_REGIME_MARKED_SHARE else "eng"
        return vietnamese, regime

    def line_is_vietnamese(self, line: str) -> bool:
        """Inside a Vietnamese text, leave alone only lines that are clearly something else."""
        words = [w for w in map(_alpha_core, line.split()) if w]
        if len(words) < 4:
            return True
        valid = sum(map(self._valid_key, words))
        return valid / len(words) >= LINE_MIN_VALID_SHARE

    @lru_cache(maxsize=200_000)  # noqa: B019 - one restorer per process
    def _valid_key(self, word: str) -> bool:
        key = skeleton(word)
        return key in self.lexicon.by_skeleton or key.translate(_DIGIT_KEY) in self.lexicon.by_skeleton

    # ------------------------------------------------------------------ candidates

    @lru_cache(maxsize=200_000)  # noqa: B019 - one restorer per process
    def options(self, core: str, regime: str, reread: bool = False
                ) -> tuple[tuple[str, str, float], ...]:
        """(restored text, LM symbol, channel cost) choices for one printed token core."""
        lower = core.lower()
        channel = self.channels[regime]
        if regime == "vie" and lower in self.vocabulary:
            # Text read with its marks (a text layer or a vie OCR): a valid syllable stays as
            # printed. Measured on dev: the context almost never overturned one (the change
            # penalty plus the confidence floor), so offering alternatives only cost time.
            keep = (lower, lower, channel.cost(lower, lower))
            if not reread:  # a text layer: typed characters, no tone confusions to undo
                return (keep,)
            alternatives = []
            for cand in self.lexicon.candidates(skeleton(lower))[:8]:
                if cand != lower:
                    cost = channel.cost(lower, cand)
                    if cost <= VIE_OCR_MAX_CHANNEL:
                        alternatives.append((cand, cand, cost + VIE_OCR_PENALTY))
            return (keep, *alternatives)
        if core.isdigit():
            choices = [(core, NUM, 0.0)]
            if len(core) <= 2 and regime == "eng":
                seen = set()
                for key in self._symbol_keys(core):
                    for cand in self.lexicon.candidates(key)[:4]:
                        if cand not in seen:
                            seen.add(cand)
                            cost = channel.cost(lower, cand) + DIGIT_LETTER_PENALTY
                            choices.append((cand, cand, cost))
            return tuple(choices)
        keys = {skeleton(lower), *self._symbol_keys(skeleton(lower))}
        if regime == "eng":
            keys.update(_horn_keys(skeleton(lower)))
            keys.update(_vowel_lookalike_keys(skeleton(lower)))
            if lower[:1] == "w" and len(lower) >= 2:
                keys.add("tr" + skeleton(lower)[1:])  # "wiéu" is triệu: tr read as w
        max_distance = 1 if len(lower) <= 2 else 2
        found: dict[str, int] = {}
        for key in keys:
            for match, distance, _ in process.extract(
                key, self.keys, scorer=Levenshtein.distance, score_cutoff=max_distance, limit=30
            ):
                found[match] = min(distance, found.get(match, 99))
        nearest = min(found.values(), default=0)
        scored = []
        near_keys = sorted(
            (d, -self.key_counts[k], k) for k, d in found.items() if d <= nearest + 1
        )[:KEYS_PER_TOKEN]
        for distance, _count, key in near_keys:
            # the exact-skeleton keys get their full mark variants; farther keys only their
            # most frequent spellings (keeps the number of channel evaluations small)
            width = EXACT_KEY_WIDTH if distance == nearest else 5
            for cand in self.lexicon.candidates(key)[:width]:
                scored.append((channel.cased_cost(core, cand), cand))
        if lower in self.vocabulary and (regime == "vie" or _STRONG & set(
                unicodedata.normalize("NFD", lower))):
            # a valid syllable read with its marks is very likely right: changing it must be
            # worth a lot of context (do no harm)
            scored = [(cost + CHANGE_VALID_PENALTY * (cand != lower), cand) for cost, cand in scored]
        # keep the likeliest few by channel and word frequency together: the channel alone
        # cannot rank đĩa/địa (both lose one mark), and the decoder needs the right one present
        unigram = self.lm.unigram
        ranked = sorted((cost - math.log(unigram(cand)), cost, cand) for cost, cand in scored)
        # candidates far behind the best by channel and frequency together never win in
        # practice; dropping them keeps the search small (speed, measured neutral on dev)
        floor = ranked[0][0] + OPTION_MARGIN if ranked else 0.0
        choices = [(cand, cand, cost) for rank, cost, cand in ranked[:MAX_CANDIDATES]
                   if rank <= floor]
        if lower not in self.vocabulary:
            keep_symbol = UNK
            choices.append((lower, keep_symbol, KEEP_UNKNOWN_COST))
        elif all(c[0] != lower for c in choices):
            choices.append((lower, lower, channel.cost(lower, lower)))
        return tuple(choices)

    def _symbol_keys(self, key: str, limit: int = 4) -> list[str]:
        """Skeleton keys of a token with its digits and symbols read as the letters they stand
        for ("l6p" → "lop"; "&" → "o" or "a"), the likeliest readings first."""
        keys = [""]
        for ch in key:
            letters = self.symbol_letters.get(ch, (ch,))
            keys = [k + letter for k in keys for letter in letters][:limit]
        return keys

    def _tokens(self, line: str, regime: str, style: str = "new", reread: bool = False
                ) -> list[_Token]:
        tokens = []
        for match in _word_spans(line):
            prefix, core, suffix = _split_token(match.group())
            start = match.start() + len(prefix)
            read = regime == "eng" or reread  # an OCR reading (typed text keeps its symbols)
            if read and match.group() in _BRACES and "|" in line:
                # a worn table rule read as a brace or a dagger: the line has rules, and such
                # a lone sign is no word
                tokens.append(_Token(match.start(), match.group(), "", "", "protected",
                                     (("|", UNK, 0.0),)))
                continue
            if not core:
                tokens.append(_Token(start, core, prefix, suffix, "empty"))
                continue
            if (regime == "eng" and suffix[:1] in _HORN_MARKS and suffix and len(core) >= 2
                    and core[-1].islower() and core.isalpha()):
                core, suffix = core + suffix[0], suffix[1:]  # "tu’" is "từ", not a quote
            elif (regime == "eng" and suffix[:1] == "!" and len(core) >= 2 and core.isupper()
                  and core.isalpha() and self._valid_key(core + "I")):
                core, suffix = core + "!", suffix[1:]  # "HO!" is HỘI: the I read as "!"
            if len(core) == 1 and suffix[:1] == ")" and not prefix:
                # a list enumerator: a) b) c) d) đ) stay as printed (not "cơ)", "dự)")
                tokens.append(_Token(start, core, prefix, suffix, "protected",
                                     ((core, UNK, 0.0),)))
                continue
            if read and _UNDERSCORED.match(match.group()):
                # "2_", "I_": a row number with a piece of table rule glued to it
                tokens.append(_Token(match.start(), match.group(), "", "", "protected",
                                     ((match.group().rstrip("_"), UNK, 0.0),)))
                continue
            if read and match.group() == "~-":
                tokens.append(_Token(match.start(), "~-", "", "", "protected",
                                     (("-", UNK, 0.0),)))
                continue
            if read and core == "~" and not prefix and not suffix:
                # a lone tilde is a list dash read by a worn scan (never a word of its own)
                tokens.append(_Token(start, core, prefix, suffix, "protected", (("-", UNK, 0.0),)))
                continue
            if core[0] == "$" and _DOLLAR_WORD.match(core):
                # "$6:" is "Số:": the dollar sign is a look-alike of S (not an amount: only
                # letters and at most one 0/6/@ standing for a vowel)
                first = "S" if not tokens or any(c in _SENTENCE_END for c in tokens[-1].suffix) \
                    else "s"
                kind, options = self._core_choices(first + core[1:], regime, style, reread)
                options = tuple((core if text == first + core[1:] else text, symbol, cost)
                                for text, symbol, cost in options)
            else:
                cut = self._glued_cut(core) if regime == "eng" else 0
                if cut:
                    for part, at, before, after, glued in (
                            (core[:cut], start, prefix, "", True),
                            (core[cut:], start + cut, "", suffix, False)):
                        kind, options = self._core_choices(part, regime, style, reread)
                        tokens.append(_Token(at, part, before, after, kind, options,  # type: ignore[arg-type]
                                             glued))
                    continue
                kind, options = self._core_choices(core, regime, style, reread)
            tokens.append(_Token(start, core, prefix, suffix, kind, options))  # type: ignore[arg-type]
        return tokens

    @lru_cache(maxsize=50_000)  # noqa: B019 - one restorer per process
    def _glued_cut(self, core: str) -> int:
        """Where two syllables printed without a space meet ("Kéhoach", "S6hé"), or 0.

        Only for a token of letters (and digits read for letters) that is no syllable, has no
        lexicon key within one edit nor any reading as one word dearer than keeping it, and
        splits into two parts of two letters or more that are both syllable keys and make a
        pair the training text had; the likeliest cut by the parts' frequencies wins.
        """
        if not 4 <= len(core) <= 14 or core.isupper() or not core.isalnum() or core.isdigit() \
                or self._valid_key(core) or not core[0].isalpha():
            return 0
        key = skeleton(core).translate(_DIGIT_KEY)
        if not key.isalpha() or (key == skeleton(core) and process.extractOne(
                key, self.keys, scorer=Levenshtein.distance, score_cutoff=1) is not None):
            return 0  # (digits read for letters make such near keys a poor test: skipped)
        if any(cost < KEEP_UNKNOWN_COST for _t, symbol, cost in self.options(core, "eng")
               if symbol != UNK):
            return 0  # a damaged single word ("gitip" is giúp)
        best, cut = 0.0, 0
        for i in range(2, len(core) - 1):
            left, right = key[:i], key[i:]
            if left in self.key_counts and right in self.key_counts and (
                    _SKELETON_PARTS.match(left) and _SKELETON_PARTS.match(right)) and any(
                    self.lm.seen_bigram(a, b) for a in self.lexicon.candidates(left)[:6]
                    for b in self.lexicon.candidates(right)[:6]):
                score = math.log(self.key_counts[left]) + math.log(self.key_counts[right])
                if score > best:
                    best, cut = score, i
        return cut

    @lru_cache(maxsize=200_000)  # noqa: B019 - one restorer per process
    def _core_choices(self, core: str, regime: str, style: str, reread: bool = False
                      ) -> tuple[str, tuple[tuple[str, str, float], ...]]:
        """(kind, options) of one printed token core, in the document's case and tone style.

        Cached per core: a page of correct text is mostly words already seen, so the clean-text
        path costs a dictionary lookup per token.
        """
        if regime == "eng" and core[-1] == "!" and len(core) >= 3:
            kind, options = self._core_choices(core[:-1] + "I", regime, style, reread)
            return kind, tuple((core if symbol == UNK else text, symbol, cost)
                               for text, symbol, cost in options)
        if regime == "eng" and core[-1] in _HORN_MARKS:
            # a mark printed after the word: choices of the bare word; keeping it keeps the mark
            kind, options = self._core_choices(core[:-1], regime, style, reread)
            return kind, tuple((core if symbol == UNK else text, symbol, cost)
                               for text, symbol, cost in options)
        if regime == "eng" and _NOISE_WORD.match(core):
            return "word", tuple(
                (core if symbol == UNK else _styled(text, style), symbol,
                 NOISE_KEEP_COST if symbol == UNK else cost)
                for text, symbol, cost in self.options(core, regime))
        if (regime == "eng" and _DIGIT_WORD.match(core) and core[0] in self.symbol_letters
                and core.lstrip("0123456789").lower() not in _UNITS):
            # "16p" is "lớp", "14m" stays 14 m: a number glued to a unit stays protected
            return "word", tuple(
                (core if symbol == UNK else _apply_case(core, _styled(text, style)),
                 NUM if symbol == UNK else symbol, cost)
                for text, symbol, cost in self.options(core, regime))
        if core == "I":
            return "protected", ((core, UNK, 0.0),)  # no Vietnamese word: the roman numeral one
        if _ROMAN_WITH_L.match(core):
            return "protected", ((core.replace("l", "I"), UNK, 0.0),)
        abbreviation = self.lexicon.abbreviations.get(skeleton(core))
        if not abbreviation and regime == "eng" and core.isupper() and core.isalpha() \
                and len(core) >= 4 and not self._valid_key(core):
            abbreviation = self._near_abbreviation(core)
        if abbreviation and core.isupper():
            return "protected", ((abbreviation, UNK, 0.0),)
        unit = core.lower() in _UNITS and not (core[:1].isupper() and core[1:].islower())
        if (regime == "eng" and core.isupper() and "L" in core and len(core) >= 3
                and not self._valid_key(core) and self._valid_key(core.replace("L", "I"))):
            # "GLAM DOC" is GIÁM ĐỐC: a capital I read as L
            kind, options = self._core_choices(core.replace("L", "I"), regime, style, reread)
            return kind, tuple((core if text == core.replace("L", "I") else text, symbol, cost)
                               for text, symbol, cost in options)
        if _is_protected(core) or unit or (
            core.isupper() and len(core) >= 2 and not self._valid_key(core)
        ) or (regime == "vie" and not any(c in "aeiouy" for c in skeleton(core))):
            symbol = NUM if any(c.isdigit() for c in core) else UNK
            return "protected", ((self._repair_code(core), symbol, 0.0),)
        return "word", tuple(
            (_apply_case(_case_pattern(core, text), _styled(text, style))
             if symbol not in (UNK, NUM) else
             core if symbol == UNK else text, symbol, cost)
            for text, symbol, cost in self.options(_lookup_form(core), regime, reread)
        )

    def _near_abbreviation(self, core: str) -> str | None:
        """The one known abbreviation of four letters or more that differs from ``core`` by a
        single letter (HBND → HĐND: Đ read as B), else None (two candidates: undecided)."""
        key = skeleton(core)
        near = {full for short, full in self.lexicon.abbreviations.items()
                if len(short) == len(key) and len(short) >= 4
                and sum(a != b for a, b in zip(short, key, strict=True)) == 1}
        return near.pop() if len(near) == 1 else None

    def _repair_code(self, code: str) -> str:
        """Only the letters of known abbreviations inside a code: 37/2024/NQ-HDND → NQ-HĐND.

        Digits and separators are never touched (figures and document numbers stay as printed).
        """
        def fix(match: regex.Match[str]) -> str:
            part = match.group()
            known = self.lexicon.abbreviations.get(skeleton(part))
            return known if known and skeleton(known) == skeleton(part) else part

        return regex.sub(r"(?<![\p{L}])[A-ZĐ]{2,}(?![\p{L}])", fix, code)

    # ------------------------------------------------------------------ decoding

    def _decode(self, tokens: list[_Token]) -> list[int]:
        """Beam search over a token stream; the chosen option index per token (-1: none).

        The stream spans lines (a sentence broken over lines keeps its context on both sides);
        back-pointers are linked tuples so long streams stay linear.
        """
        if all(len(t.options) == 1 for t in tokens if t.kind != "empty"):
            # nothing to choose (correct text read with its marks): skip the search
            return [-1 if t.kind == "empty" else 0 for t in tokens]
        lm = self.lm
        weight = LM_WEIGHT
        logprob, logprobs = lm.logprob, lm.logprobs
        Beam = tuple[float, tuple[str, str], tuple | None]  # score, LM state, back-pointer
        beams: list[Beam] = [(0.0, (BOS, BOS), None)]
        for token in tokens:
            if token.kind == "empty":
                beams = [(s, (BOS, BOS), (back, -1)) for s, _, back in beams]
                continue
            if token.kind == "protected" and _CELL_RULE.match(token.raw):
                # a table rule ("|") ends a cell: what follows starts afresh, like a line
                best = max(beams, key=lambda b: b[0] + (weight * logprob(*b[1], EOS)
                                                        if b[1][1] != BOS else 0.0))
                s, (u, v), back = best
                beams = [(s + (weight * logprob(u, v, EOS) if v != BOS else 0.0),
                          (BOS, BOS), (back, 0))]
                continue
            new: dict[tuple[str, str], Beam] = {}
            breaks_before = token.fresh or (
                bool(token.prefix) and any(c in _SENTENCE_END for c in token.prefix))
            breaks_after = bool(token.suffix) and any(c in _SENTENCE_END for c in token.suffix)
            options = token.options
            symbols = tuple(symbol for _text, symbol, _cost in options)
            costs = [cost for _text, _symbol, cost in options]
            for score, (u, v), back in beams:
                if breaks_before and v != BOS:
                    score += weight * logprob(u, v, EOS)
                    u, v = BOS, BOS
                for i, lp in enumerate(logprobs(u, v, symbols)):
                    s = score + weight * lp - costs[i]
                    symbol = symbols[i]
                    state = (v, symbol)
                    if breaks_after:
                        s += weight * logprob(v, symbol, EOS)
                        state = (BOS, BOS)
                    old = new.get(state)
                    if old is None or old[0] < s:
                        new[state] = (s, state, (back, i))
            beams = sorted(new.values(), key=lambda b: -b[0])[:BEAM]
            floor = beams[0][0] - BEAM_MARGIN
            beams = [b for b in beams if b[0] >= floor]
        choice: list[int] = []
        back = beams[0][2]
        while back is not None:
            back, i = back
            choice.append(i)
        return choice[::-1]

    def _name_evidence(self, tokens: list[_Token], choice: list[int], k: int,
                       position: int) -> bool:
        """May a valid syllable printed with its marks in a name's position be re-read?

        A capitalised word inside a sentence is likely part of a proper name ("xã Nặm Păm",
        "bà Vàng Thị Mỷ"), where rare tones are real and the language model, which knows
        names only from place lists, pulls toward the commoner spelling ("xã Nậm ..."). Such a
        word is re-read only when the new syllable and a neighbour inside the same phrase are
        a pair the training text had: the next word ("Bảo hiểm", "Tổng số") or a capitalised
        previous word (the rest of the name). A capitalised word that cannot be a Vietnamese
        syllable at all ("Elang", "Chnăm") is a foreign or minority name: its marks may be
        repaired, never its letters. Other words are not affected.
        """
        raw = tokens[k].raw
        if not (raw[:1].isupper() and raw[1:].islower()):
            return True
        new = tokens[k].options[choice[k]][1]
        if (raw.isalpha() and not looks_like_syllable(raw) and raw.lower() not in self.vocabulary
                and skeleton(new) != skeleton(raw)):
            return False  # a foreign or minority name ("Cư Elang", "Chnăm"): marks only
        valid = tokens[k].options[0][1] != UNK and tokens[k].options[0][0] == raw
        lm = self.lm
        if k + 1 < len(tokens) and choice[k + 1] >= 0 and not any(
                c in _SENTENCE_END for c in tokens[k].suffix):
            following = tokens[k + 1].options[choice[k + 1]][1]
            nxt = tokens[k + 1].raw
            name_goes_on = nxt[:1].isupper() and nxt[1:].islower()
            if valid and nxt in _MIDDLE_NAMES:
                return False  # a family name ("chị Lường Thị Xuân"): its tone is real
            if following not in (NUM, UNK) and lm.seen_bigram(new, following) and not (
                    name_goes_on and valid and lm.seen_bigram(raw.lower(), following)):
                # (a number or a code after it is no evidence: "Tự Do|6|2"; inside a name
                # of capitalised words a printed pair that exists stays: "Chí Đạo")
                return True
        before = tokens[k - 1] if position else None
        if before is not None and before.raw in _MIDDLE_NAMES and (
                valid or looks_like_syllable(raw)):
            return False  # a given name ("Lò Văn Tảng", "Vàng Thị Mỷ")
        if before is None or any(c in _SENTENCE_END for c in before.suffix + tokens[k].prefix):
            # a sentence, list item or row starts here: an ordinary capital, but a valid
            # syllable still needs the next word's agreement ("Tự Do|..." is a name, not Từ)
            return not valid
        previous = before.raw
        return (choice[k - 1] >= 0 and (previous[:1].isupper() or not valid)
                and lm.seen_bigram(before.options[choice[k - 1]][1], new))

    def _confidence(self, tokens: list[_Token], choice: list[int], k: int) -> float:
        """How much the chosen option at position k beats the runner-up, as a probability."""
        token = tokens[k]
        if len(token.options) < 2:
            return 1.0
        def symbol(j: int) -> str:
            return tokens[j].options[choice[j]][1] if choice[j] >= 0 else BOS

        def starts(j: int) -> bool:  # a context break before token j (as _decode has it)
            t = tokens[j]
            return (t.fresh or t.kind == "empty" or bool(_CELL_RULE.match(t.raw))
                    or any(c in _SENTENCE_END for c in t.prefix)
                    or (j > 0 and any(c in _SENTENCE_END for c in tokens[j - 1].suffix)))

        before: list[str] = []
        j = k
        while len(before) < 2 and j > 0 and not starts(j):
            j -= 1
            before.insert(0, symbol(j))
        left = [BOS, BOS, *before][-2:]
        right: list[str] = []
        j = k + 1
        while len(right) < 2 and j < len(tokens) and not starts(j):
            right.append(symbol(j))
            j += 1

        # rivals far behind on the channel alone add nothing measurable to the normaliser
        chosen = choice[k]
        chosen_cost = token.options[chosen][2]
        rivals = [(token.options[chosen][1], chosen_cost)] + [  # the chosen one first
            (sym, cost) for j, (_t, sym, cost) in enumerate(token.options)
            if j != chosen and cost <= chosen_cost + CONFIDENCE_RIVAL_MARGIN]
        lm, weight = self.lm, LM_WEIGHT
        here = lm.logprobs(left[0], left[1], tuple(sym for sym, _c in rivals))
        scores = []
        for (sym, cost), lp in zip(rivals, here, strict=True):
            total = lp
            if right:
                total += lm.logprob(left[1], sym, right[0])
                if len(right) > 1:
                    total += lm.logprob(sym, right[0], right[1])
            scores.append(weight * total - cost)
        best = scores[0]
        norm = max(scores)
        z = sum(math.exp(s - norm) for s in scores)
        return max(0.0, min(1.0, math.exp(best - norm) / z))

    # ------------------------------------------------------------------ public

    def restore_block(self, lines: list[str], regime: str, style: str = "new",
                      reread: bool = False) -> list[RestoredText]:
        """Restore consecutive lines decoded as one stream (blank lines break the context)."""
        per_line = [self._tokens(line, regime, style, reread) for line in lines]
        stream: list[_Token] = []
        for tokens in per_line:
            if tokens and stream and stream[-1].kind != "empty" and tokens[0].raw[:1].isupper() \
                    and any(c.isdigit() for c in stream[-1].raw):
                # a line ending in a number, the next starting with a capital: a table row
                # ("... 95,8" / "Cộng 101.000"), not a sentence running on
                tokens[0].fresh = True
            stream.extend(tokens)
            if not tokens:  # a blank line ends the paragraph
                stream.append(_Token(0, "", "", "", "empty"))
        choice_stream = self._decode(stream) if stream else []
        results = []
        k = 0
        for line, tokens in zip(lines, per_line, strict=True):
            if all(choice_stream[k + i] <= 0 and token.options[0][0] == token.raw
                   for i, token in enumerate(tokens) if token.options):
                # every token kept as printed (the clean-text path): nothing to rebuild
                k += len(tokens) or 1
                results.append(RestoredText(line, [], regime))
                continue
            changes: list[Change] = []
            out: list[str] = []
            cursor = 0
            for position, token in enumerate(tokens):
                choice = choice_stream[k]
                out.append(line[cursor: token.start])
                new = token.raw if choice < 0 else token.options[choice][0]
                if token.glued:
                    new += " "  # two words printed without a space between them
                if new != token.raw and token.kind == "word":
                    new = _contextual_case(tokens, position, new)
                if new != token.raw:
                    confidence = self._confidence(stream, choice_stream, k)
                    floor = VIE_REREAD_MIN_CONFIDENCE if (
                        token.options and token.options[0][0] == token.raw
                        and token.options[0][1] != UNK) else VIE_MIN_CONFIDENCE
                    if regime == "vie" and token.kind == "word" and confidence < floor:
                        new = token.raw  # text read with marks: only sure repairs (do no harm)
                    elif (regime == "vie" and token.kind == "word"
                          and not self._name_evidence(stream, choice_stream, k, position)):
                        new = token.raw  # a name read with marks: only on the name's evidence
                if new != token.raw:
                    changes.append(Change(
                        start=token.start,
                        end=token.start + len(token.raw),
                        raw=token.raw,
                        restored=new,
                        confidence=round(confidence, 3),
                        reason=_reason(token.raw, new),
                    ))
                out.append(new)
                cursor = token.start + len(token.raw)
                k += 1
            if not tokens:
                k += 1
            out.append(line[cursor:])
            results.append(RestoredText("".join(out), changes, regime))
        return results


def _reason(raw: str, new: str) -> str:
    if raw in _BRACES or raw in ("~", "~-") or _UNDERSCORED.match(raw):
        return "ocr-confusion"  # a table rule or a dash misread
    if unicodedata.normalize("NFC", raw) == new or _lookup_form(raw) == _lookup_form(new):
        return "unicode"
    if _is_protected(raw.rstrip("!")) or (raw.isupper() and len(raw) >= 2 and raw.isalpha() and new.isupper()
                              and not looks_like_syllable(raw)):
        return "abbreviation"
    raw_digit = any(c.isdigit() for c in raw)
    new_digit = any(c.isdigit() for c in new)
    if raw_digit != new_digit:
        return "digit-letter"
    if skeleton(raw) == skeleton(new):
        return "diacritics" if raw.lower() != new.lower() or not has_vietnamese_marks(raw) else "case"
    if new.isupper() and not skeleton(new).isalpha():
        return "abbreviation"
    return "ocr-confusion"


@lru_cache(maxsize=1)
def get_restorer() -> Restorer:
    """The process-wide restorer (artefacts loaded once)."""
    return Restorer(load_lexicon(), load_lm(), load_channels())


def restore_lines(lines: Iterable[str], regime: str | None = None,
                  tone_style: str | None = None, ocr: bool = False) -> list[RestoredText]:
    """Restore a sequence of lines of one text (regime and tone style decided over all of them).

    ``tone_style`` ("new": hòa, "old": hoà) defaults to the document's own majority style, and
    to "new" when the text shows none (an OCR without marks). ``ocr``: the lines are an OCR
    reading, so a valid syllable read with its marks may still carry a confused tone (tổ read
    as tố on a worn scan) and the context may re-read it; typed text (a text layer, a file)
    keeps every valid syllable as written.
    """
    lines = list(lines)
    restorer = get_restorer()
    vietnamese, estimated = restorer.assess("\n".join(lines))
    regime = regime or estimated
    if not vietnamese:
        return [RestoredText(line, [], regime, vietnamese=False) for line in lines]
    style = tone_style or _document_style(lines, regime)
    results: list[RestoredText] = []
    block: list[str] = []
    for line in lines:
        if restorer.line_is_vietnamese(line):
            block.append(line)
            continue
        results.extend(restorer.restore_block(block, regime, style, ocr))
        block = []
        results.append(RestoredText(line, [], regime, vietnamese=False))
    results.extend(restorer.restore_block(block, regime, style, ocr))
    return results


def restore_text(text: str, ocr: bool = False) -> RestoredText:
    """Restore a whole text; change offsets are into ``text`` (``ocr``: see restore_lines)."""
    lines = text.split("\n")
    results = restore_lines(lines, ocr=ocr)
    changes: list[Change] = []
    offset = 0
    for line, result in zip(lines, results, strict=True):
        for change in result.changes:
            changes.append(change.model_copy(update={
                "start": change.start + offset, "end": change.end + offset}))
        offset += len(line) + 1
    vietnamese = all(r.vietnamese for r in results) if results else True
    regime = results[0].regime if results else "vie"
    return RestoredText("\n".join(r.text for r in results), changes, regime, vietnamese)


def restore_line(line: str, regime: str = "eng") -> RestoredText:
    """Restore one line on its own (no document context)."""
    return restore_lines([line], regime)[0]


def restore_document(doc: Document, *, tone_style: str | None = None) -> Document:
    """Fill every line's ``restored`` text and ``changes``; warn on doubtful or foreign text."""
    warnings = list(doc.warnings)
    all_lines = [line for page in doc.pages for line in page.lines]
    restorer = get_restorer()
    full_text = "\n".join(line.text for line in all_lines)
    if not full_text.strip():
        warnings.append(Warning(code="empty-text", message="no text to restore"))
        pages = [page.model_copy(update={"lines": [
            line.model_copy(update={"restored": line.text, "changes": []}) for line in page.lines
        ]}) for page in doc.pages]
        return doc.model_copy(update={"pages": pages, "restored": True, "warnings": warnings})
    vietnamese, regime = restorer.assess(full_text)
    if not vietnamese:
        warnings.append(Warning(
            code="not-vietnamese",
            message="text does not look Vietnamese; left as printed",
        ))
    style = tone_style or _document_style([line.text for line in all_lines], regime)
    new_pages = []
    for page in doc.pages:
        results = restore_lines([line.text for line in page.lines], regime, style,
                                ocr=page.reader == "ocr") if vietnamese else [
            RestoredText(line.text, [], regime, False) for line in page.lines]
        new_lines: list[Line] = []
        for line, result in zip(page.lines, results, strict=True):
            text = result.text
            new_lines.append(line.model_copy(update={"restored": text, "changes": result.changes}))
            for change in result.changes:
                if change.confidence < LOW_CONFIDENCE:
                    warnings.append(Warning(
                        code="low-confidence-restoration",
                        message=f"{change.raw!r} → {change.restored!r} "
                        f"(confidence {change.confidence:.2f})",
                        page=page.number, line=line.number,
                    ))
            if vietnamese and not result.vietnamese and line.text.strip():
                warnings.append(Warning(
                    code="not-vietnamese", message="line does not look Vietnamese; left as printed",
                    page=page.number, line=line.number,
                ))
        new_pages.append(page.model_copy(update={"lines": new_lines}))
    return doc.model_copy(update={"pages": new_pages, "restored": True, "warnings": warnings})


def _document_style(lines: list[str], regime: str = "vie") -> str:
    """The tone-placement style the document itself uses ("new" when it shows none).

    Text read without the Vietnamese model shows no style of its own: its few marks on oa/uy
    are the engine's guesses ("Hoà" for a worn "Hòa"), so it gets the current standard, "new".
    """
    if regime == "eng":
        return "new"
    try:
        from normalize.unicode import detect_tone_style
    except ImportError:  # pragma: no cover - the sibling module ships with the package
        return "new"
    return detect_tone_style(lines) or "new"


@lru_cache(maxsize=100_000)
def _styled(word: str, style: str) -> str:
    """A lexicon syllable (newer style, hòa) in the document's style (hoà for "old")."""
    if style != "old":
        return word
    from normalize.unicode import normalize_text

    return normalize_text(word, style="old")[0]
