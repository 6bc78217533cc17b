import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

# The development corpus lives beside the checkout (../shared/corpus/real) locally and in CI.
CORPUS = Path(os.environ.get("XXGK_CORPUS", Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "real"))
GOLD = Path(__file__).resolve().parents[1] / "annotations" / "gold"
SPANS = GOLD.parent / "spans"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"development corpus not found at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def docs(corpus: Path):
    """Every annotated corpus report with its text, loaded and validated once."""
    from training.documents import load_all_annotated

    return load_all_annotated(SPANS, corpus)


def pytest_terminal_summary(terminalreporter):
    """Say loudly which tests did not run on this machine and why (a missing tool such as poppler-utils'
    pdftotext, a missing font): a green run with skips has not tested everything CI tests."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    terminalreporter.section(f"{len(skipped)} TEST(S) NOT RUN HERE", sep="!", yellow=True, bold=True)
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        terminalreporter.write_line(f"{report.nodeid}: {reason.removeprefix('Skipped: ')}", yellow=True)
