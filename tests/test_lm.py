"""The trigram language model decides what context decides."""

from __future__ import annotations

import math

from normalize.lm import BOS, EOS, NUM, UNK, CompiledLM, NGramLM, compile_model, load_lm, segments


def test_segments_cut_at_punctuation_and_classify_tokens() -> None:
    vocabulary = {"năm", "hộ", "nghèo"}
    assert segments("năm 2024, hộ nghèo.", vocabulary) == [["năm", NUM], ["hộ", "nghèo"]]
    assert segments("hộ xyz", vocabulary) == [["hộ", UNK]]


def test_context_chooses_between_look_alikes() -> None:
    lm = load_lm()
    pairs = [
        (["hộ", "nghèo"], ["họ", "nghèo"]),
        (["ủy", "ban", "nhân", "dân", "tỉnh"], ["ủy", "ban", "nhân", "dân", "tình"]),
        (["giảm", "nghèo"], ["giám", "nghèo"]),
        (["năm", NUM], ["nam", NUM]),
        (["cộng", "hòa", "xã", "hội"], ["công", "hòa", "xa", "hội"]),
    ]
    for right, wrong in pairs:
        assert lm.score(right) > lm.score(wrong), (right, wrong)


def test_probabilities_are_normalised_enough() -> None:
    lm = load_lm()
    total = sum(lm.prob("của", "ủy", w) for w in lm.vocabulary)
    assert 0.5 < total <= 1.01


def test_compiled_tables_give_the_kneser_ney_probabilities() -> None:
    text = "hộ nghèo được vay vốn\nhộ cận nghèo được hỗ trợ\nhộ nghèo được hỗ trợ nhà ở"
    vocabulary = set(text.split())
    bigrams: dict = {}
    trigrams: dict = {}
    for seg in segments(text, vocabulary):
        seq = [BOS, BOS, *seg, EOS]
        for i in range(2, len(seq)):
            bigrams[(seq[i - 1], seq[i])] = bigrams.get((seq[i - 1], seq[i]), 0) + 1
            trigrams[tuple(seq[i - 2:i + 1])] = trigrams.get(tuple(seq[i - 2:i + 1]), 0) + 1
    model = NGramLM(bigrams=bigrams, trigrams=trigrams,
                    unigram_prior={w: 1 / len(vocabulary) for w in vocabulary})
    compiled = CompiledLM(compile_model(model, digits=8))
    symbols = [BOS, *sorted(vocabulary), "xyz"]
    for u in symbols:
        for v in symbols:
            for w in [*sorted(vocabulary), EOS]:
                assert math.isclose(compiled.prob(u, v, w), model.prob(u, v, w), rel_tol=1e-6)


def test_batched_queries_agree_with_single_ones() -> None:
    lm = load_lm()
    words = ("nghèo", "họ", "hộ", NUM, UNK, "xyzq", EOS)
    for u, v in [(BOS, BOS), ("hộ", "cận"), ("năm", NUM), ("không", "có")]:
        assert lm.logprobs(u, v, words) == tuple(lm.logprob(u, v, w) for w in words)


def test_seen_bigrams_are_evidence_and_back_off_is_not() -> None:
    from normalize.lm import load_lm

    lm = load_lm()
    assert lm.seen_bigram("bảo", "hiểm") and lm.seen_bigram("hỗ", "trợ")
    assert not lm.seen_bigram("pẩu", "khiêm")
