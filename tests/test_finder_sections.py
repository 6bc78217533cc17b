"""The table finder checked against the section model: warnings where they disagree, silence where they agree."""

from evaluation.entities import Mention
from extractor.reconcile.sections import cell_offsets_by_table, finder_disagreements
from extractor.report import Provenance

SECTIONS = [Mention(0, 100, "overview"), Mention(100, 300, "proactive_table"), Mention(300, 700, "request_table"),
            Mention(700, 800, "review_table"), Mention(800, 1000, "extra_table")]


def test_agreeing_tables_and_sections_give_no_warning():
    offsets = {"t2": [120, 200, 290], "t3": [310, 500, 690], "t4": [710, 790]}
    assert finder_disagreements(SECTIONS, offsets) == []
    assert finder_disagreements([], {"t2": [850, 900]}) == []  # no section model: nothing to compare


def test_cells_read_from_a_table_outside_the_template_are_named_when_the_model_sees_the_table_elsewhere():
    offsets = {"t2": [120, 200], "t3": [310, 500], "t4": [820, 850, 900]}
    wide = [*SECTIONS[:3], Mention(700, 1000, "review_table"), Mention(1000, 1300, "extra_table")]
    offsets_in_extra = {"t2": [120, 200], "t3": [310, 500], "t4": [1020, 1050, 1100]}
    (warning,) = finder_disagreements(wide, offsets_in_extra)
    assert "table 4" in warning and "extra_table" in warning and "3 of the 3 cells" in warning and "1020" in warning
    # A page with the rest of a table and no header: the model calls it extra_table and sees no table 4 elsewhere.
    headerless = [Mention(0, 300, "extra_table")]
    assert finder_disagreements(headerless, {"t3": [10, 100, 200]}) == []
    # Table 4's 100 characters in SECTIONS are under MIN_UNREAD: too little to prefer over the cells read.
    assert finder_disagreements(SECTIONS, offsets) == []


def test_a_table_the_model_sees_but_the_parser_did_not_read_is_named():
    (warning,) = finder_disagreements(SECTIONS, {"t2": [120], "t4": [710]})
    assert "table 3" in warning and "request_table" in warning and "no cell" in warning
    # A table read from a native grid has no text offsets but counts as read.
    assert finder_disagreements(SECTIONS, {"t2": [120], "t3": [], "t4": [710]}) == []


def test_cell_offsets_come_from_printed_cells_only():
    provenance = {"t3.total.total": Provenance(start=40, via="table", confidence=1.0),
                  "t3.new_received.total": Provenance(start=12, via="reconciled", confidence=0.6),
                  "t2.rules.new": Provenance(via="table", confidence=1.0),
                  "n.applications.received": Provenance(start=5, via="narrative", confidence=0.9)}
    assert cell_offsets_by_table(provenance) == {"t3": [40], "t2": []}
