"""Shared test fixtures: paths to the committed samples and the seed, and rendered scans.

Other areas may append fixtures here; keep each one cheap or session-scoped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "fixtures" / "samples"
SEED = ROOT / "fixtures" / "seed"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """fixtures/samples: small generated files (rebuild: python -m fixtures.generate
    fixtures/seed/truth.txt --out fixtures/samples --samples)."""
    return SAMPLES


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_page1_truth() -> str:
    """Truth of the seed's first printed page (45 lines), the excerpt scans are made of."""
    return (SAMPLES / "seed_p1.truth.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def clean_scan_pdf(tmp_path_factory: pytest.TempPathFactory, seed_page1_truth: str) -> Path:
    """An image-only PDF of a clean 300-dpi scan of the seed's first page (rendered once)."""
    from fixtures.generate import render_scan_pdf

    return render_scan_pdf(seed_page1_truth, tmp_path_factory.mktemp("scans") / "p1.clean.pdf",
                           "clean", seed=0)
