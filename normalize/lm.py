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
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from normalize.lexicon import read_data

LM_FILE = "lm.json.gz"
BOS, EOS, NUM, UNK = "<s>", "</s>", "<num>", "<unk>"
DISCOUNT = 0.85
PRIOR_WEIGHT = 0.2  # share of the lexicon's broad frequencies in the lowest-order model

_SEGMENT_BREAK = regex.compile(r"[.,;:!?()\[\]{}“”\"'‘’…•\n]|\s[-–—]\s")
_SLASHED = regex.compile(r"^\p{L}+(?:/\p{L}+)+$")
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
        words = [w for t in part.split()
                 for w in (t.split("/") if _SLASHED.match(t) else (t,))]  # đồng/người/tháng
        tokens = [token_class(t, vocabulary) for t in words]
        if tokens:
            out.append(tokens)
    return out


def _discounts(counts: Iterable[int], modified: bool) -> tuple[float, float, float]:
    """Kneser-Ney discounts for counts 1, 2 and 3+ (Chen & Goodman's estimates from the
    count-of-counts; one shared ``DISCOUNT`` when not ``modified`` or the counts cannot tell)."""
    if not modified:
        return DISCOUNT, DISCOUNT, DISCOUNT
    n = Counter(c for c in counts if c <= 4)
    n1, n2, n3, n4 = (n.get(k, 0) for k in (1, 2, 3, 4))
    if min(n1, n2, n3, n4) == 0:
        return DISCOUNT, DISCOUNT, DISCOUNT
    y = n1 / (n1 + 2 * n2)
    d1, d2, d3 = 1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3
    return (min(max(d1, 0.1), 0.95), min(max(d2, 0.2), 1.9), min(max(d3, 0.3), 2.9))


@dataclass(eq=False)
class NGramLM:
    """Interpolated Kneser-Ney over counts of 1-, 2- and 3-grams: the build-time model that
    :func:`compile_model` turns into the shipped tables.

    ``continuation``: the middle (bigram) level counts distinct left neighbours, as Kneser-Ney
    prescribes for every lower order; ``modified``: three discounts per level (1, 2, 3+).
    """

    bigrams: dict[tuple[str, str], int]
    trigrams: dict[tuple[str, str, str], int]
    unigram_prior: dict[str, float]
    continuation: bool = False
    modified: bool = False
    _c2: dict[tuple[str, str], int] = field(default_factory=dict)
    _t1: dict[str, float] = field(default_factory=dict)
    _g1: dict[str, float] = field(default_factory=dict)
    _t2: dict[tuple[str, str], float] = field(default_factory=dict)
    _g2: dict[tuple[str, str], float] = field(default_factory=dict)
    _d2: tuple[float, float, float] = (DISCOUNT, DISCOUNT, DISCOUNT)
    _d3: tuple[float, float, float] = (DISCOUNT, DISCOUNT, DISCOUNT)
    _cont: dict[str, float] = field(default_factory=dict)
    _floor: float = 1e-9

    def __post_init__(self) -> None:
        if self.continuation:
            left: dict[tuple[str, str], int] = defaultdict(int)
            for (_u, v, w) in self.trigrams:
                left[(v, w)] += 1
            self._c2 = {(v, w): (c if v == BOS else left.get((v, w), c))
                        for (v, w), c in self.bigrams.items()}
        else:
            self._c2 = dict(self.bigrams)
        self._d2 = _discounts(self._c2.values(), self.modified)
        self._d3 = _discounts(self.trigrams.values(), self.modified)
        self._t1, self._g1 = self._context_stats(
            ((v, c) for (v, _w), c in self._c2.items()), self._d2)
        self._t2, self._g2 = self._context_stats(
            (((u, v), c) for (u, v, _w), c in self.trigrams.items()), self._d3)
        left_types: dict[str, int] = defaultdict(int)
        for (_v, w) in self.bigrams:
            left_types[w] += 1
        total_types = max(1, len(self.bigrams))
        # Continuation probability mixed with a broad-corpus prior, so syllables the training
        # text never showed (place names, rare words) still get a sensible small probability.
        self._cont = {
            w: (1 - PRIOR_WEIGHT) * left_types.get(w, 0) / total_types
            + PRIOR_WEIGHT * self.unigram_prior.get(w, 0.0)
            for w in set(left_types) | set(self.unigram_prior)
        }

    @staticmethod
    def _context_stats(items: Iterable[tuple], d: tuple[float, float, float]
                       ) -> tuple[dict, dict]:
        """Per context: total count, and the share of mass the discounts free for back-off."""
        totals: dict = defaultdict(float)
        freed: dict = defaultdict(float)
        for ctx, c in items:
            totals[ctx] += c
            freed[ctx] += d[min(c, 3) - 1] if c >= 1 else 0.0
        return dict(totals), {k: freed[k] / totals[k] for k in totals}

    @staticmethod
    def _discounted(c: int, d: tuple[float, float, float]) -> float:
        return max(c - d[min(c, 3) - 1], 0.0) if c >= 1 else 0.0

    def unigram(self, w: str) -> float:
        return self._cont.get(w, self._floor) or self._floor

    def bigram(self, v: str, w: str) -> float:
        lower = self.unigram(w)
        total = self._t1.get(v)
        if total is None:
            return lower
        return self._discounted(self._c2.get((v, w), 0), self._d2) / total + self._g1[v] * lower

    def prob(self, u: str, v: str, w: str) -> float:
        """P(w | u v), interpolated Kneser-Ney."""
        p = self.bigram(v, w)
        total = self._t2.get((u, v))
        if total is None:
            return p
        return self._discounted(self.trigrams.get((u, v, w), 0), self._d3) / total + (
            self._g2[(u, v)] * p)


def compile_model(model: NGramLM, digits: int = 4) -> dict[str, dict[str, float]]:
    """The interpolated model as log-probabilities of seen n-grams and log back-off weights.

    P(w|u v) = P3[u v w] if seen, else BOW2[u v] · P(w|v); P(w|v) = P2[v w] if seen, else
    BOW1[v] · P1[w] (a missing back-off weight is 1). Exact for interpolated Kneser-Ney, since
    the stored P3/P2 already include the lower-order share.
    """
    def r(x: float) -> float:
        return round(math.log(x), digits)

    uni = {w: r(p) for w, p in model._cont.items() if p > 0}
    bow1 = {v: r(g) for v, g in model._g1.items()}
    bow2 = {f"{u} {v}": r(g) for (u, v), g in model._g2.items()}
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

    def seen_bigram(self, v: str, w: str) -> bool:
        """True when the training text had "v w" (evidence, not a back-off guess)."""
        return f"{v} {w}" in self._p2

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

    @lru_cache(maxsize=500_000)  # noqa: B019 - one model per process
    def logprobs(self, u: str, v: str, words: tuple[str, ...]) -> tuple[float, ...]:
        """log P(w | u v) for every w of a token's choices at once (one call per hypothesis)."""
        ctx = f"{u} {v}"
        bow = self._b2.get(ctx, 0.0)
        p3, p2, b1, p1, floor = self._p3, self._p2, self._b1.get(v, 0.0), self._p1, self._floor
        out = []
        for w in words:
            lp = p3.get(f"{ctx} {w}")
            if lp is None:
                lp2 = p2.get(f"{v} {w}")
                lp = bow + (lp2 if lp2 is not None else b1 + p1.get(w, floor))
            out.append(lp)
        return tuple(out)

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
