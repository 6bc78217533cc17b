# Two entry points for a new machine; both build .venv/ themselves.
PY ?= python3
TAGGER_RECIPE ?= training/configs/tagger_crf_second_stage.json
VENV := .venv
STAMP := $(VENV)/.installed
# torch==2.13.0 must come from the CPU wheel on disk, never PyPI's multi-GB CUDA build.
PIP_LOCAL := $(if $(wildcard /opt/wheels),--find-links /opt/wheels,)

# constraints/ pins every transitive dependency, and pip is pinned: a fresh build gets what the suite passed with.
$(STAMP): pyproject.toml constraints/main.txt
	$(PY) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip==26.3
	$(VENV)/bin/pip install --quiet $(PIP_LOCAL) -c constraints/main.txt -e '.[dev]'
	touch $(STAMP)

# Label Studio (for the review loop's end-to-end test) in a venv of its own: its many pinned dependencies stay out
# of .venv. The test starts it on localhost; without this venv the test is skipped, saying so.
LS_VENV := .venv-labelstudio
LS_STAMP := $(LS_VENV)/.installed
LABEL_STUDIO ?= label-studio==1.23.2

$(LS_STAMP): constraints/labelstudio.txt
	$(PY) -m venv $(LS_VENV)
	$(LS_VENV)/bin/pip install --quiet --upgrade pip==26.3
	$(LS_VENV)/bin/pip install --quiet -c constraints/labelstudio.txt '$(LABEL_STUDIO)'
	touch $(LS_STAMP)

.PHONY: venv labelstudio demo test bench bench-ocr renders forms calibration reports models
venv: $(STAMP)
labelstudio: $(LS_STAMP)

## Run the extractor on the bundled example reports and print the result as a table.
demo: $(STAMP)
	$(VENV)/bin/xxgk extract examples -o out/examples --show

## Run the test suite (CI runs exactly this).
test: $(STAMP) $(LS_STAMP)
	HF_HUB_OFFLINE=1 $(VENV)/bin/python -m pytest -q

## Reports/s and peak memory of the text path over the development corpus.
bench: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_extract.py

## Seconds per page and peak memory of the scan path (OCR).
bench-ocr: $(STAMP)
	$(VENV)/bin/python benchmarks/bench_ocr.py

## Render the corpus to PDFs, scans and page images with their gold (needs Debian's fonts-wqy-zenhei).
renders: $(STAMP)
	$(VENV)/bin/pip install --quiet -e '.[render]'
	$(VENV)/bin/python scripts/render_reports.py corpus --out build/renders

## Text PDFs of the corpus and their text forms (pdftotext, -layout, -raw, pdfminer, pdfplumber, markdown, TSV, converter forms) with gold.
forms: $(STAMP)
	$(VENV)/bin/pip install --quiet -e '.[render]'
	$(VENV)/bin/python scripts/text_forms.py --out build/forms
	$(VENV)/bin/python benchmarks/score_renders.py build/forms --kinds pdftotext layout raw pdfminer plumber markdown tsv docx html blocks reshaped ocrmd loose tsvgrid spanrepeat

## Refit the table cells' confidence (extractor/tables/calibration.json) on the corpus, build/forms (make forms first)
## and the bundled scans; held-out reliability in build/calibration.md.
calibration: $(STAMP)
	$(VENV)/bin/python benchmarks/cell_calibration.py --write --markdown build/calibration.md

## Every score of the shipped models: cross-validation of each recipe (cached), comparison reports, metrics.json, card.md.
reports: $(STAMP)
	$(VENV)/bin/xxgk evaluate reports --config evaluation/reports.json --jobs 2

## Train the shipped models from their recipes (CPU, a few minutes each).
models: $(STAMP)
	$(VENV)/bin/xxgk train sections --config training/configs/sections.json -o models/sections
	$(VENV)/bin/xxgk train tagger --config $(TAGGER_RECIPE) -o models/tagger
