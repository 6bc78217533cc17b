"""The text forms users meet beyond plain text, each with its gold, as test material for the table parser.

    python scripts/text_forms.py --out build/forms [--only p005 ...] [--renders build/renders] [--seed 0]

For each corpus report with table gold (rendered to a text PDF as scripts/render_reports.py does) and for
each real PDF of the corpus that has gold (j002.pdf), writes

    <stem>.pdftotext.txt   `pdftotext` (reading order; poppler-utils)
    <stem>.layout.txt      `pdftotext -layout` (space-aligned columns, wrapped labels, vertical group labels)
    <stem>.raw.txt         `pdftotext -raw` (content-stream order, no layout)
    <stem>.pdfminer.txt    pdfminer.six `extract_text` defaults (tables column by column)
    <stem>.plumber.txt     pdfplumber `extract_text(layout=True)`, pages joined by form feeds
    <stem>.markdown.md     markdown as PDF-to-markdown converters give it (scripts/markdown_forms.py)
    <stem>.tsv.txt         a page's HTML tables exported tab-separated, a rowspan label only on its first row
    <stem>.word.docx, .page.html, .blocks.docx, .reshaped.html   the tables as native grids (scripts/grid_forms.py)
    <stem>.ocr.md, .loose.md, .tsvgrid.txt   OCR/LLM markdown, cells on loose lines, a tab-separated grid with
                           blanks (scripts/converter_forms.py; the gold is of what they print)
    <stem>.spanrepeat.md   markdown with a merged cell's text repeated in every position it covers (docling,
                           HTML-to-Markdown converters; scripts/converter_forms.py)

and beside each <name>.gold.json (the annotations/gold format, `form` naming how it was made). Corpus text
goes only into the ignored output folder.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from converter_forms import converter_form  # noqa: E402
from markdown_forms import markdown_report, tsv_report  # noqa: E402
from sources import CORPUS, GOLD, ROOT, Source, corpus_source, corpus_stems  # noqa: E402

PDF_FORMS = ("pdftotext", "layout", "raw", "pdfminer", "plumber")
GRID_FORMS = ("docx", "html", "blocks", "reshaped")
CONVERTER_FORMS = ("ocrmd", "loose", "tsvgrid", "spanrepeat")  # scripts/converter_forms.py
FORMS = (*PDF_FORMS, "markdown", "tsv", *GRID_FORMS, *CONVERTER_FORMS)
SUFFIX = {"pdftotext": ".pdftotext.txt", "layout": ".layout.txt", "pdfminer": ".pdfminer.txt", "plumber": ".plumber.txt",
          "markdown": ".markdown.md", "tsv": ".tsv.txt", "docx": ".word.docx", "html": ".page.html",
          "blocks": ".blocks.docx", "reshaped": ".reshaped.html", "ocrmd": ".ocr.md", "loose": ".loose.md",
          "tsvgrid": ".tsvgrid.txt", "raw": ".raw.txt", "spanrepeat": ".spanrepeat.md"}  # fmt: skip


def pdf_text(pdf: Path, form: str) -> str:
    """The text of a PDF as one of the common tools gives it."""
    if form == "pdfminer":
        from pdfminer.high_level import extract_text

        return extract_text(str(pdf))
    if form == "plumber":
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            return "\f".join(page.extract_text(layout=True) or "" for page in doc.pages)
    if shutil.which("pdftotext") is None:
        raise SystemExit("pdftotext not found: apt-get install -y poppler-utils")
    mode = {"layout": ["-layout"], "raw": ["-raw"]}.get(form, [])
    args = ["pdftotext", "-enc", "UTF-8", *mode, str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode("utf-8")


def write_form(text: str, out: Path, gold: dict, form: str, origin: str) -> Path:
    out.write_text(text, encoding="utf-8")
    return write_gold(out, gold, form, origin)


def write_gold(out: Path, gold: dict, form: str, origin: str) -> Path:
    """<name minus its last suffix>.gold.json beside `out`: the table gold of the report it holds."""
    record = {
        "document": out.name,
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "source": origin,
        "template": gold["template"],
        "mixed_template": gold.get("mixed_template", False),
        "fields": {k: v for k, v in gold["fields"].items() if not k.startswith("n.")},
        "units": gold.get("units", {}),
        "form": form,
    }
    path = gold_path_of(out)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def gold_path_of(form_file: Path) -> Path:
    """<stem>.pdfminer.txt → <stem>.pdfminer.gold.json (as score_renders.py finds it)."""
    return form_file.with_name(form_file.name.rsplit(".", 1)[0] + ".gold.json")


def form_of(name: str) -> str | None:
    if name.endswith(".gold.json"):
        return None
    return max((f for f, s in SUFFIX.items() if name.endswith(s)), key=lambda f: len(SUFFIX[f]), default=None)


def render_pdf(src: Source, out: Path, seed: int) -> Path:
    """A text PDF of the report, laid out as render_reports.py lays out its text renders."""
    from render_reports import random_layout, render_text

    rng = random.Random(f"{seed}:{src.name}")
    pdf = out / f"{src.name}.pdf"
    render_text(src, random_layout(rng), pdf)
    return pdf


def real_pdfs(corpus: Path) -> list[tuple[Path, dict]]:
    """Corpus PDFs whose gold names them (j002.pdf)."""
    out = []
    for g in sorted(GOLD.glob("*.json")):
        gold = json.loads(g.read_text("utf-8"))
        if gold.get("document", "").endswith(".pdf") and (corpus / gold["document"]).is_file():
            out.append((corpus / gold["document"], gold))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "forms")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--only", nargs="+", metavar="STEM")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--forms", nargs="+", default=list(FORMS), choices=FORMS)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for stem in corpus_stems(args.corpus, args.only):
        src = corpus_source(stem, args.corpus)
        gold = json.loads((GOLD / f"{stem}.json").read_text("utf-8"))
        rng = random.Random(f"{args.seed}:{stem}:forms")
        pdf = render_pdf(src, args.out, args.seed) if set(args.forms) & set(PDF_FORMS) else None
        if pdf is not None:
            write_gold(pdf, gold, "text pdf", f"{src.label} rendered")
        for form in args.forms:
            out = args.out / f"{stem}{SUFFIX[form]}"
            if form in GRID_FORMS:
                from grid_forms import write_grid_form

                written = write_grid_form(src, form, out, gold)
                write_gold(out, written, form, f"{src.label} rendered ({form})")
                continue
            if form in CONVERTER_FORMS:
                text, printed = converter_form(form, src, random.Random(f"{args.seed}:{stem}:{form}"))
                write_form(text, out, printed, form, f"{src.label} rendered ({form})")
                continue
            if form in PDF_FORMS:
                text = pdf_text(pdf, form)
            elif form == "markdown":
                text = markdown_report(src, rng)
            else:
                text = tsv_report(src)
            write_form(text, out, gold, form, f"{src.label} rendered ({form})")
        print(stem, flush=True)
    for pdf, gold in real_pdfs(args.corpus):
        if args.only and pdf.stem not in args.only:
            continue
        for form in set(args.forms) & set(PDF_FORMS):
            out = args.out / f"{pdf.stem}{SUFFIX[form]}"
            write_form(pdf_text(pdf, form), out, gold, form, f"corpus/real/{pdf.name} ({form})")
        print(pdf.name, flush=True)


if __name__ == "__main__":
    main()
