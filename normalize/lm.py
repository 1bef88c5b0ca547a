"""A syllable n-gram language model (interpolated Kneser-Ney, trigram, pruned).

Choosing among candidates is where restoration fails ("tỉnh/tình/tính", "hộ/hệ/hồ"), and only
context settles it. A trigram model over lower-case syllables, trained offline on formal
Vietnamese (legal codes, our own administrative texts, place names; see SOURCES.md), is small
enough to ship and fast enough to query millions of times in pure Python.

Text is cut into segments at punctuation; numbers become ``<num>`` and anything that is not a
lexicon syllable becomes ``<unk>``, so the model learns e.g. "năm <num>" and "<num> hộ".

The model is *compiled* when it is built (``scripts/build_lexicon.py``): the interpolated
Kneser-Ney probabilities of every seen n-gram and the back-off weight of every seen context are
stored as log-probabilities (the ARPA representation of an interpolated model, exact), in JSON
so that loading is one C-speed parse and a query is two or three dictionary look-ups. Nothing is
rebuilt at load time.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from normalize.lexicon import read_data

LM_FILE = "lm.json.gz"
BOS, EOS, NUM, UNK = "<s>", "</s>", "<num>", "<unk>"
DISCOUNT = 0.85
PRIOR_WEIGHT = 0.2  # share of the lexicon's broad frequencies in the lowest-order model

_SEGMENT_BREAK = regex.compile(r"[.,;:!?()\[\]{}“”\"'‘’…•\n]|\s[-–—]\s")
_NUMBER = regex.compile(r"^[\d.,/%-]*\d[\d.,/%-]*$")


def token_class(token: str, vocabulary: dict[str, int] | set[str]) -> str:
    """The LM symbol of one whitespace token (already stripped of punctuation)."""
    lower = token.lower()
    if lower in vocabulary:
        return lower
    if _NUMBER.match(token):
        return NUM
    return UNK


def segments(text: str, vocabulary: dict[str, int] | set[str]) -> list[list[str]]:
    """Text → segments of LM symbols, cut at punctuation (each segment gets <s> ... </s>)."""
    out = []
    for part in _SEGMENT_BREAK.split(text):
        tokens = [token_class(t, vocabulary) for t in part.split()]
        if tokens:
            out.append(tokens)
    return out


@dataclass(eq=False)
class NGramLM:
    """Interpolated Kneser-Ney over counts of 1-, 2- and 3-grams: the build-time model that
    :func:`compile_model` turns into the shipped tables."""

    bigrams: dict[tuple[str, str], int]
    trigrams: dict[tuple[str, str, str], int]
    unigram_prior: dict[str, float]
    _ctx1: dict[str, tuple[int, int]] = field(default_factory=dict)
    _ctx2: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    _cont: dict[str, float] = field(default_factory=dict)
    _floor: float = 1e-8

    def __post_init__(self) -> None:
        ctx1_count: dict[str, int] = defaultdict(int)
        ctx1_types: dict[str, int] = defaultdict(int)
        left_types: dict[str, int] = defaultdict(int)
        for (v, w), c in self.bigrams.items():
            ctx1_count[v] += c
            ctx1_types[v] += 1
            left_types[w] += 1
        self._ctx1 = {v: (ctx1_count[v], ctx1_types[v]) for v in ctx1_count}
        ctx2_count: dict[tuple[str, str], int] = defaultdict(int)
        ctx2_types: dict[tuple[str, str], int] = defaultdict(int)
        for (u, v, _w), c in self.trigrams.items():
            ctx2_count[(u, v)] += c
            ctx2_types[(u, v)] += 1
        self._ctx2 = {k: (ctx2_count[k], ctx2_types[k]) for k in ctx2_count}
        total_types = max(1, len(self.bigrams))
        # Continuation probability mixed with a broad-corpus prior, so syllables the training
        # text never showed (place names, rare words) still get a sensible small probability.
        self._cont = {}
        for w in set(left_types) | set(self.unigram_prior):
            self._cont[w] = (1 - PRIOR_WEIGHT) * left_types.get(w, 0) / total_types + (
                PRIOR_WEIGHT * self.unigram_prior.get(w, 0.0))
        self._floor = 1e-9

    def unigram(self, w: str) -> float:
        return self._cont.get(w, self._floor) or self._floor

    def bigram(self, v: str, w: str) -> float:
        lower = self.unigram(w)
        stats = self._ctx1.get(v)
        if stats is None:
            return lower
        total, types = stats
        c = self.bigrams.get((v, w), 0)
        return max(c - DISCOUNT, 0.0) / total + DISCOUNT * types / total * lower

    def prob(self, u: str, v: str, w: str) -> float:
        """P(w | u v), interpolated Kneser-Ney (inlined: the decoder calls it ~10^5 times)."""
        p = self._cont.get(w) or self._floor
        stats = self._ctx1.get(v)
        if stats is not None:
            total, types = stats
            c = self.bigrams.get((v, w), 0)
            p = (c - DISCOUNT if c > DISCOUNT else 0.0) / total + DISCOUNT * types / total * p
        stats = self._ctx2.get((u, v))
        if stats is not None:
            total, types = stats
            c = self.trigrams.get((u, v, w), 0)
            p = (c - DISCOUNT if c > DISCOUNT else 0.0) / total + DISCOUNT * types / total * p
        return p

def compile_model(model: NGramLM, digits: int = 4) -> dict[str, dict[str, float]]:
    """The interpolated model as log-probabilities of seen n-grams and log back-off weights.

    P(w|u v) = P3[u v w] if seen, else BOW2[u v] · P(w|v); P(w|v) = P2[v w] if seen, else
    BOW1[v] · P1[w] (a missing back-off weight is 1). Exact for interpolated Kneser-Ney, since
    the stored P3/P2 already include the lower-order share.
    """
    def r(x: float) -> float:
        return round(math.log(x), digits)

    uni = {w: r(p) for w, p in model._cont.items() if p > 0}
    bow1 = {v: r(DISCOUNT * types / total) for v, (total, types) in model._ctx1.items()}
    bow2 = {f"{u} {v}": r(DISCOUNT * types / total) for (u, v), (total, types) in model._ctx2.items()}
    big = {f"{v} {w}": r(model.bigram(v, w)) for v, w in model.bigrams}
    tri = {f"{u} {v} {w}": r(model.prob(u, v, w)) for u, v, w in model.trigrams}
    return {"floor": {"": r(model._floor)}, "p1": uni, "p2": big, "p3": tri, "b1": bow1, "b2": bow2}


class CompiledLM:
    """The shipped model at run time: look-ups in the compiled tables (see :func:`compile_model`)."""

    def __init__(self, tables: dict[str, dict[str, float]]) -> None:
        self._p1 = tables["p1"]
        self._p2 = tables["p2"]
        self._p3 = tables["p3"]
        self._b1 = tables["b1"]
        self._b2 = tables["b2"]
        self._floor = tables["floor"][""]

    @property
    def vocabulary(self) -> list[str]:
        return list(self._p1)

    def unigram(self, w: str) -> float:
        return math.exp(self._p1.get(w, self._floor))

    @lru_cache(maxsize=1_000_000)  # noqa: B019 - one model per process
    def logbigram(self, v: str, w: str) -> float:
        """log P(w | v)."""
        lp = self._p2.get(f"{v} {w}")
        if lp is not None:
            return lp
        return self._b1.get(v, 0.0) + self._p1.get(w, self._floor)

    @lru_cache(maxsize=2_000_000)  # noqa: B019 - one model per process
    def logprob(self, u: str, v: str, w: str) -> float:
        """log P(w | u v); the hot path of decoding, hence cached."""
        lp = self._p3.get(f"{u} {v} {w}")
        if lp is not None:
            return lp
        return self._b2.get(f"{u} {v}", 0.0) + self.logbigram(v, w)

    def prob(self, u: str, v: str, w: str) -> float:
        return math.exp(self.logprob(u, v, w))

    def score(self, symbols: list[str]) -> float:
        """Total log-probability of one segment with sentence boundaries."""
        seq = [BOS, BOS, *symbols, EOS]
        return sum(self.logprob(seq[i - 2], seq[i - 1], seq[i]) for i in range(2, len(seq)))


@lru_cache(maxsize=1)
def load_lm() -> CompiledLM:
    """The shipped model, loaded once per process (one JSON parse; nothing recomputed)."""
    return CompiledLM(json.loads(gzip.decompress(read_data(LM_FILE))))
