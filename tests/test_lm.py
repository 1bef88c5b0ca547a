"""The trigram language model decides what context decides."""

from __future__ import annotations

from normalize.lm import NUM, UNK, load_lm, segments


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
    vocabulary = list(lm.unigram_prior)
    total = sum(lm.prob("của", "ủy", w) for w in vocabulary)
    assert 0.5 < total <= 1.01
