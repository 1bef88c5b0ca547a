"""The shipped Vietnamese lexicon: valid syllables with frequencies, domain terms, place names.

Restoration never invents words: every syllable it writes comes from this lexicon, so the
lexicon decides what "valid Vietnamese" means. It is built offline by
``scripts/build_lexicon.py`` from licensed sources (see ``normalize/data/SOURCES.md``) and loaded
once per process from the package (no network at run time).

Also here: the *skeleton* of a syllable (lower case, every mark stripped, đ → d), the key under
which OCR output and lexicon entries meet, since an OCR engine without the Vietnamese model
mostly keeps the skeleton and loses the marks.
"""

from __future__ import annotations

import gzip
import os
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import regex

from normalize.unicode import TONE_MARKS, syllable_skeleton, tone_count

DATA_PACKAGE = "normalize.data"
SYLLABLES_FILE = "syllables.tsv.gz"
DOMAIN_FILE = "domain.txt"
PLACES_FILE = "places.txt.gz"
# Evaluation only: a folder of artefacts built with other sources (e.g. ``build_lexicon.py
# --exclude NAME --out DIR``) read instead of the shipped ones, for leave-out measurements.
DATA_DIR_ENV = "SOHOA_NORMALIZE_DATA"

VOWEL_MARKS = {"\u0302", "\u0306", "\u031b"}

# Structure of a Vietnamese syllable (lower case, skeleton form): onset, vowel nucleus, coda.
_SKELETON_SYLLABLE = regex.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:[aeiouy]{1,3})"
    r"(?:ng|nh|ch|[cmnpt]|[iyou])?$"
)


@lru_cache(maxsize=500_000)
def skeleton(text: str) -> str:
    """Lower-case, mark-free key ('Người' → 'nguoi'), cached: the restorer asks it constantly."""
    return syllable_skeleton(text)


def has_vietnamese_marks(text: str) -> bool:
    """True when the text carries any Vietnamese-specific mark (tone, vowel mark or đ)."""
    if "đ" in text or "Đ" in text:
        return True
    return any(ch in TONE_MARKS or ch in VOWEL_MARKS for ch in unicodedata.normalize("NFD", text))


def looks_like_syllable(token: str) -> bool:
    """Shape test (not a lexicon test): letters that could spell one Vietnamese syllable."""
    if not token or len(token) > 8 or not token.isalpha() or tone_count(token) > 1:
        return False
    return bool(_SKELETON_SYLLABLE.match(skeleton(token)))


@dataclass
class Lexicon:
    """Syllable frequencies (lower case, NFC) with a skeleton index for candidate lookup."""

    counts: dict[str, int]
    domain_terms: list[str] = field(default_factory=list)
    place_names: list[str] = field(default_factory=list)
    by_skeleton: dict[str, list[str]] = field(default_factory=dict)
    total: int = 0
    # Upper-case spellings that must be kept as written (UBND, HĐND...), keyed by skeleton.
    abbreviations: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        index: dict[str, list[str]] = defaultdict(list)
        for syllable in self.counts:
            index[skeleton(syllable)].append(syllable)
        self.by_skeleton = {
            key: sorted(values, key=lambda s: -self.counts[s]) for key, values in index.items()
        }
        self.total = sum(self.counts.values())
        for term in self.domain_terms:
            for word in term.split():
                # whole codes' parts too: QĐ-TTg gives QĐ, NĐ-CP gives NĐ and CP
                for part in {word, *word.replace("/", "-").split("-")}:
                    if part.isupper() and len(part) >= 2 and not looks_like_syllable(part):
                        self.abbreviations.setdefault(skeleton(part), part)

    def __contains__(self, syllable: str) -> bool:
        return syllable.lower() in self.counts

    def count(self, syllable: str) -> int:
        return self.counts.get(syllable.lower(), 0)

    def candidates(self, key: str) -> list[str]:
        """Valid syllables whose skeleton is ``key``, most frequent first."""
        return self.by_skeleton.get(key, [])


def read_data(name: str) -> bytes:
    """Bytes of one artefact: from ``$SOHOA_NORMALIZE_DATA`` when it holds it, else the package."""
    override = os.environ.get(DATA_DIR_ENV)
    if override and os.path.isfile(os.path.join(override, name)):
        with open(os.path.join(override, name), "rb") as handle:
            return handle.read()
    return resources.files(DATA_PACKAGE).joinpath(name).read_bytes()


def _read_text(name: str) -> str:
    raw = read_data(name)
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


def _data_exists(name: str) -> bool:
    override = os.environ.get(DATA_DIR_ENV)
    if override and os.path.isfile(os.path.join(override, name)):
        return True
    return resources.files(DATA_PACKAGE).joinpath(name).is_file()


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    counts: dict[str, int] = {}
    for line in _read_text(SYLLABLES_FILE).splitlines():
        syllable, _, number = line.partition("\t")
        if syllable:
            counts[syllable] = int(number or 1)
    domain = [
        line.strip()
        for line in _read_text(DOMAIN_FILE).splitlines()
        if line.strip() and not line.startswith("#")
    ] if _data_exists(DOMAIN_FILE) else []
    places = _read_text(PLACES_FILE).splitlines() if _data_exists(PLACES_FILE) else []
    return Lexicon(counts=counts, domain_terms=domain, place_names=places)
