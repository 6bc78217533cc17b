"""Render reports to PDFs and scanned-looking images, with their gold, as test material for the PDF and
OCR readers.

    python scripts/render_reports.py corpus --out build/renders [--only p005 ...] [--seed 0] [--dpi 200]
    python scripts/render_reports.py fixtures [--out tests/fixtures/scans]

`corpus` renders each report of the development corpus that has annotations/gold (its narrative
outside the tables, tables 2-4 rebuilt from the gold) into:
    <stem>.pdf           A4 text PDF, CJK font embedded; table 3 crosses a page break in about half
    <stem>.scan.pdf      image-only PDF of scanned-looking pages (skew, blur, noise, JPEG, a red seal
                         over table 3 or 4, sometimes one page turned 90°)
    <stem>-p<N>.jpg      the same page images one by one
    <stem>.mojibake.pdf  clean page images under an invisible text layer of mojibake
and for each of them <name>.gold.json: the annotations/gold format (fields, units, template,
mixed_template) with `document`, `source` and a `render` record (what went on which page, the scan
parameters). A page image's gold holds only the keys whose cells are printed on that page.
The output goes to an ignored folder: it holds corpus text, which is never committed.

`fixtures` writes tests/fixtures/scans/ from the invented example reports only; see its README.md.
Both commands give the same bytes for the same arguments.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Collection
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from PIL import Image
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # extractor, when not installed

from page_images import (  # noqa: E402
    ScanLook,
    bilevel,
    image_pdf,
    jpeg_bytes,
    mojibake,
    png_bytes,
    press_stamp,
    random_look,
    rasterize,
    scanned,
    stamp_ink,
    text_runs,
)
from pdf_layout import FontMissing, Layout, PageLog, build_pdf, cjk_font, cjk_font_file  # noqa: E402
from sources import CORPUS, ROOT, Source, corpus_source, corpus_stems, example_sources  # noqa: E402

# Binary streams: ASCII85 would inflate every page image by a quarter and costs seconds in pure Python.
rl_config.useA85 = 0

FIXTURES = ROOT / "tests" / "fixtures" / "scans"
STAMP_CM = 4.2  # diameter of a round official seal


# ---------------------------------------------------------------------------------------------
# One text render and its gold


@dataclass
class TextRender:
    src: Source
    pdf: Path
    layout: Layout
    log: PageLog


def render_text(src: Source, layout: Layout, out: Path, encrypt: StandardEncryption | None = None) -> TextRender:
    log = build_pdf(src.blocks, out, layout, src.title, encrypt)
    return TextRender(src, out, layout, log)


def _layout_record(layout: Layout) -> dict[str, object]:
    record = {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(layout).items()}
    record["break_before"] = sorted(layout.break_before)
    return record


def write_gold(document: Path, render: TextRender, record: dict[str, object],
               keys: Collection[str] | None = None) -> Path:  # fmt: skip
    """<document minus suffix>.gold.json beside the document; `keys` limits the fields to one page's."""
    src = render.src
    fields = {k: v for k, v in src.fields.items() if keys is None or k in keys}
    gold = {
        "document": document.name,
        "sha256": _sha256(document),
        "source": src.label,
        "template": src.template,
        "mixed_template": src.mixed,
        "fields": fields,
        "units": {k: u for k, u in src.units.items() if k in fields},
        "render": {"layout": _layout_record(render.layout), "table_pages": render.log.tables_on(), **record},
    }
    path = document.with_suffix(".gold.json")
    path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Scans and page images


@dataclass(frozen=True)
class Stamp:
    table: str
    page: int  # 1-based
    center_px: tuple[int, int]  # on the upright, unskewed page image
    diameter_px: int


def plan_stamp(log: PageLog, dpi: int, rng: random.Random, table: str | None = None) -> Stamp:
    """A seal over the right part of table 3 or 4, as a body stamps its report."""
    table = table or rng.choice(("t3", "t4"))
    box = rng.choice([b for b in log.boxes if b.table == table])
    x = box.x0 + (box.x1 - box.x0) * rng.uniform(0.55, 0.85)
    y = box.y0 + (box.y1 - box.y0) * rng.uniform(0.2, 0.8)
    scale = dpi / 72
    return Stamp(table, box.page, (round(x * scale), round((A4[1] - y) * scale)), round(STAMP_CM / 2.54 * dpi))


def scan_images(render: TextRender, pages: list[Image.Image], looks: list[ScanLook], stamp: Stamp,
                rng: random.Random) -> list[bytes]:  # fmt: skip
    """The pages as scanned JPEGs: the seal is pressed on the paper first, then the scanner's look."""
    ink = stamp_ink(stamp.diameter_px, render.src.agency, cjk_font_file(), rng)
    inked = [press_stamp(p, ink, stamp.center_px) if n == stamp.page else p for n, p in enumerate(pages, 1)]
    return [jpeg_bytes(scanned(p, look, rng), look.jpeg_quality) for p, look in zip(inked, looks)]


def scan_record(dpi: int, looks: list[ScanLook], stamp: Stamp | None, kind: str, **extra: object) -> dict[str, object]:
    return {
        "kind": kind,
        "dpi": dpi,
        "pages": [look.as_dict() for look in looks],
        "stamp": asdict(stamp) if stamp else None,
        **extra,
    }


def write_scan_pdf(render: TextRender, images: list[bytes], looks: list[ScanLook], stamp: Stamp, dpi: int,
                   out: Path, **extra: object) -> None:  # fmt: skip
    image_pdf(out, images, dpi)
    write_gold(out, render, scan_record(dpi, looks, stamp, "scan-pdf", **extra))


def write_page_image(render: TextRender, page: int, data: bytes, look: ScanLook, stamp: Stamp | None, dpi: int,
                     out: Path, **extra: object) -> None:  # fmt: skip
    """One page as an image file, with the gold of the cells printed on that page."""
    out.write_bytes(data)
    on_page = stamp if stamp and stamp.page == page else None
    record = scan_record(dpi, [look], on_page, "page-image", page=page, **extra)
    write_gold(out, render, record, render.log.keys.get(page, []))


def write_mojibake_pdf(render: TextRender, images: list[bytes], dpi: int, out: Path, **extra: object) -> None:
    """Clean page images under an invisible layer of the page's own text turned into mojibake."""
    runs = [[replace(run, text=mojibake(run.text)) for run in page] for page in text_runs(render.pdf)]
    image_pdf(out, images, dpi, runs, cjk_font())
    write_gold(out, render, {"kind": "mojibake-pdf", "dpi": dpi, **extra})


# ---------------------------------------------------------------------------------------------
# corpus


def random_layout(rng: random.Random) -> Layout:
    return Layout(
        body_size=rng.choice((12.0, 12.0, 14.0)),
        table_size=rng.choice((9.0, 10.0, 10.5)),
        line_spacing=rng.uniform(1.45, 1.75),
        push_t3=rng.uniform(0.25, 0.5) if rng.random() < 0.5 else None,
    )


def random_looks(n_pages: int, rng: random.Random) -> list[ScanLook]:
    """A look per page; in about 40 % of reports one page was fed sideways."""
    turned = rng.randrange(n_pages) if rng.random() < 0.4 else None
    return [random_look(rng, rng.choice((1, 3)) if i == turned else 0) for i in range(n_pages)]


def render_corpus_report(src: Source, out: Path, seed: int, dpi: int) -> dict[str, object]:
    rng = random.Random(f"{seed}:{src.name}")
    render = render_text(src, random_layout(rng), out / f"{src.name}.pdf")
    write_gold(render.pdf, render, {"kind": "text-pdf", "seed": seed})
    clean = rasterize(render.pdf, dpi)
    looks = random_looks(len(clean), rng)
    stamp = plan_stamp(render.log, dpi, rng)
    images = scan_images(render, clean, looks, stamp, rng)
    for n, (data, look) in enumerate(zip(images, looks), 1):
        write_page_image(render, n, data, look, stamp, dpi, out / f"{src.name}-p{n}.jpg", seed=seed)
    write_scan_pdf(render, images, looks, stamp, dpi, out / f"{src.name}.scan.pdf", seed=seed)
    write_mojibake_pdf(render, [jpeg_bytes(p, 80) for p in clean], dpi, out / f"{src.name}.mojibake.pdf", seed=seed)
    turned = [n for n, look in enumerate(looks, 1) if look.quarter_turns]
    return {"pages": len(clean), "t3_pages": render.log.tables_on().get("t3"), "turned": turned}


def run_corpus(corpus: Path, out: Path, only: list[str] | None, seed: int, dpi: int) -> None:
    stems = corpus_stems(corpus, only)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for stem in stems:
        t0 = time.perf_counter()
        info = render_corpus_report(corpus_source(stem, corpus), out, seed, dpi)
        print(f"{stem}: {info['pages']} pages, table 3 on pages {info['t3_pages']}, "
              f"pages turned 90°: {info['turned']}, {time.perf_counter() - t0:.1f} s")  # fmt: skip
    total = time.perf_counter() - started
    print(f"{len(stems)} reports in {total:.1f} s ({total / max(1, len(stems)):.1f} s per report) -> {out}")


# ---------------------------------------------------------------------------------------------
# fixtures (invented examples only)

FIXTURE_DPI = 150


def _page_with_most(log: PageLog, table: str) -> int:
    """The page holding most of a table's cells."""
    return max(range(1, log.n_pages + 1), key=lambda p: sum(k.startswith(table + ".") for k in log.keys.get(p, [])))


def _fixture_page_image(render: TextRender, table: str, look: ScanLook, name: str, out: Path,
                        rng: random.Random) -> None:  # fmt: skip
    """The page holding most of `table` as an image (PNG when `name` says so); {page} in `name` is its number."""
    page = _page_with_most(render.log, table)
    image = scanned(rasterize(render.pdf, FIXTURE_DPI)[page - 1], look, rng)
    path = out / name.format(page=page)
    data = png_bytes(image) if path.suffix == ".png" else jpeg_bytes(image, look.jpeg_quality)
    write_page_image(render, page, data, look, None, FIXTURE_DPI, path)


def run_fixtures(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random("fixtures")
    examples = {src.name: src for src in example_sources()}
    ex19, ex20, ex21 = examples["example_2019"], examples["example_2020"], examples["example_2021"]

    text = render_text(ex21, Layout(break_before=frozenset({"t3"})), out / "example_2021.pdf")  # table 3 whole
    write_gold(text.pdf, text, {"kind": "text-pdf"})
    split = render_text(ex21, Layout(push_t3=0.3), out / "example_2021.t3split.pdf")
    assert len(split.log.tables_on()["t3"]) == 2, "table 3 should cross a page break"
    write_gold(split.pdf, split, {"kind": "text-pdf"})
    encryption = StandardEncryption("xxgk", ownerPassword="xxgk-owner", strength=128)
    render_text(ex21, text.layout, out / "example_2021.encrypted.pdf", encryption)
    data = text.pdf.read_bytes()
    (out / "example_2021.truncated.pdf").write_bytes(data[: len(data) * 6 // 10])  # no xref, no trailer

    skewed = ScanLook(skew_deg=2.0, blur=0.6, noise=3.0, jpeg_quality=50, grayscale=True)
    _fixture_page_image(text, "t3", skewed, "example_2021-p{page}.skew2.jpg", out, rng)
    turned = ScanLook(quarter_turns=3, blur=0.5, noise=3.0, jpeg_quality=50, grayscale=True)
    _fixture_page_image(text, "t4", turned, "example_2021-p{page}.rot90.jpg", out, rng)

    with tempfile.TemporaryDirectory() as tmp:  # text PDFs that are only the source of images
        ex20_text = render_text(ex20, Layout(), Path(tmp) / "example_2020.pdf")
        pages = rasterize(ex20_text.pdf, FIXTURE_DPI)
        looks = [ScanLook(skew_deg=0.8, blur=0.6, noise=2.5, gamma=1.1, jpeg_quality=45, grayscale=True)] * len(pages)
        stamp = plan_stamp(ex20_text.log, FIXTURE_DPI, rng, table="t4")
        images = scan_images(ex20_text, pages, looks, stamp, rng)
        write_scan_pdf(ex20_text, images, looks, stamp, FIXTURE_DPI, out / "example_2020.scan.pdf")

        ex19_text = render_text(ex19, Layout(), Path(tmp) / "example_2019.pdf")
        _fixture_page_image(ex19_text, "t3", ScanLook(grayscale=True), "example_2019-p{page}.png", out, rng)
        # Black and white pages (a fax-like scan) keep the fixture small.
        pages = [png_bytes(bilevel(p)) for p in rasterize(ex19_text.pdf, FIXTURE_DPI)]
        write_mojibake_pdf(ex19_text, pages, FIXTURE_DPI, out / "example_2019.mojibake.pdf")

    for path in sorted(out.iterdir()):
        print(f"{path.stat().st_size:>9,d}  {path.relative_to(ROOT)}")


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    corpus = sub.add_parser("corpus", help="render the development corpus (into an ignored folder)")
    corpus.add_argument("--out", type=Path, default=ROOT / "build" / "renders")
    corpus.add_argument("--corpus", type=Path, default=CORPUS, help="folder of <stem>.txt and <stem>.meta.json")
    corpus.add_argument("--only", nargs="+", metavar="STEM", help="just these reports, e.g. p005 seed001")
    corpus.add_argument("--seed", type=int, default=0)
    corpus.add_argument("--dpi", type=int, default=200)
    fixtures = sub.add_parser("fixtures", help="regenerate tests/fixtures/scans from the invented examples")
    fixtures.add_argument("--out", type=Path, default=FIXTURES)
    args = parser.parse_args(argv)
    try:
        cjk_font()
    except FontMissing as exc:
        sys.exit(f"render_reports: {exc}")
    if args.command == "corpus":
        run_corpus(args.corpus, args.out, args.only, args.seed, args.dpi)
    else:
        run_fixtures(args.out)


if __name__ == "__main__":
    main()
