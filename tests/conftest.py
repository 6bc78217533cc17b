import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

# The development corpus lives beside the checkout (../shared/corpus/real) locally and in CI.
CORPUS = Path(os.environ.get("XXGK_CORPUS", Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"))
GOLD = Path(__file__).resolve().parents[1] / "annotations" / "gold"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {CORPUS}")
    return CORPUS
