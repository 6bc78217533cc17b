"""The output contract of SPEC §4 as pydantic models."""

from __future__ import annotations

from pydantic import BaseModel, Field

Number = int | float


class Provenance(BaseModel):
    page: int | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    via: str  # table | narrative | reconciled
    confidence: float
    # How the cell was read: positional, tokens, split (glued digits), dropped
    read_as: str | None = None
    # PDF and scans: where the cell was printed (x0, y0, x1, y1; points for PDFs, pixels for images)
    box: tuple[float, float, float, float] | None = None
    # OCR: the recognizer's raw characters and mean confidence; `corrected_from` is the value as read
    # when the identities corrected it (see warnings)
    ocr_raw: str | None = None
    ocr_score: float | None = None
    corrected_from: Number | None = None
    # A cell read from the document's own table grid (Word, HTML, ruled PDF or scan tables): its table,
    # row and column, 0-based indexes into the reader's grids (`Document.tables`)
    grid: tuple[int, int, int] | None = None
    # Glued digits whose reading the identities left open: the value this cell takes in each other reading
    # of its row (index i of every cell of the row is one reading); the chosen one is `fields`' value
    alternatives: list[Number | None] | None = None
    # Table cells: the way of reading whose calibrated confidence the cell got (extractor/tables/confidence.py),
    # and whether the identities pin the cell down (each identity through it checked and holding, or a reading
    # its printed characters allow no other of, no identity through it failing)
    family: str | None = None
    pinned: bool | None = None


class Check(BaseModel):
    rule: str
    ok: bool
    detail: str
    severity: str = "error"


class Section(BaseModel):
    label: str
    start: int
    end: int


class Entity(BaseModel):
    label: str
    start: int
    end: int
    text: str
    confidence: float | None = None  # calibrated (models/tagger/calibration.json); None from a model without one


class Candidate(BaseModel):
    value: Number
    confidence: float
    start: int
    end: int
    text: str


class ReviewItem(BaseModel):
    """A value the evidence does not settle (SPEC §4, added 2026-12): not in `fields` unless its best candidate
    passes the shipped threshold; for a person or a later step to decide."""

    key: str
    reason: str
    candidates: list[Candidate] = Field(default_factory=list)


class Report(BaseModel):
    source: str
    sha256: str
    template: str  # 2019 | 2021 | unknown
    title: str | None = None
    agency: str | None = None
    year: int | None = None
    fields: dict[str, Number | None] = Field(default_factory=dict)
    units: dict[str, str | None] = Field(default_factory=dict)
    provenance: dict[str, Provenance] = Field(default_factory=dict)
    checks: list[Check] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    review: list[ReviewItem] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def failed_checks(self) -> int:
        return sum(1 for c in self.checks if not c.ok and c.severity == "error")
