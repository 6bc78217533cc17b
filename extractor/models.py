"""The trained models `xxgk extract` uses: where they are, loading them once per process, and which is which."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractor.reconcile.confidence import UNCALIBRATED, Calibration
from extractor.model_folder import load_model

# The models shipped with the tool: models/ at the repository root (beside extractor/).
DEFAULT_MODELS = Path(__file__).resolve().parents[1] / "models"
TAGGER_DIR, SECTIONS_DIR = "tagger", "sections"


@dataclass(frozen=True)
class Models:
    tagger: object | None
    sections: object | None
    folder: Path
    calibration: Calibration = UNCALIBRATED  # the tagger's (reconcile/confidence.py)


@lru_cache(maxsize=4)
def load_models(folder: str) -> Models:
    """The models of a folder (models/tagger, models/sections), loaded once per process and folder. A folder
    without one of them gives None for it; a folder with neither is an error."""
    root = Path(folder)
    tagger = load_model(root / TAGGER_DIR) if (root / TAGGER_DIR / "config.json").is_file() else None
    sections = load_model(root / SECTIONS_DIR) if (root / SECTIONS_DIR / "config.json").is_file() else None
    if tagger is None and sections is None:
        raise FileNotFoundError(f"{root}: no trained model in it (expected {TAGGER_DIR}/ and {SECTIONS_DIR}/ with config.json)")
    calibration = Calibration.load(root / TAGGER_DIR) if tagger is not None else UNCALIBRATED
    return Models(tagger, sections, root, calibration)
