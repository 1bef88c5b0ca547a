"""The evaluation corpus keeps its promises: verbatim quotes, valid annotations, both splits."""

import importlib.util
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def _checker():
    spec = importlib.util.spec_from_file_location("corpus_check", CORPUS / "check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_annotation_is_verbatim_and_consistent(capsys):
    assert _checker().main(CORPUS) == 0, capsys.readouterr().out


def test_both_splits_have_texts_annotations_and_ocr_readings():
    for split in ("tune", "dev", "heldout", "heldout2"):
        texts = [p for p in (CORPUS / split).glob("*.txt") if not p.name.endswith(".eng.txt")]
        assert len(texts) >= 5
        for text in texts:
            assert text.with_name(text.stem + ".figures.json").is_file()
            ocr = text.with_name(text.stem + ".eng.txt")
            assert len(ocr.read_text("utf-8").splitlines()) == len(
                text.read_text("utf-8").splitlines())
