"""Pages as images: rasterize a text PDF, make the images look scanned, and wrap images into PDFs.

Everything random is drawn from the `random.Random` the caller passes, so a seed gives the same
bytes every time (reportlab's invariant mode keeps the PDFs' dates and ids fixed).
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

PAPER = (247, 245, 238)  # scanner white is not paper white


@dataclass(frozen=True)
class ScanLook:
    skew_deg: float = 0.0  # positive: counter-clockwise
    quarter_turns: int = 0  # 1: page fed turned 90° counter-clockwise, 3: clockwise
    blur: float = 0.0  # Gaussian radius in pixels
    noise: float = 0.0  # sigma of Gaussian noise, grey levels
    gamma: float = 1.0  # >1 darkens (toner), <1 lightens
    jpeg_quality: int = 60
    grayscale: bool = False

    def as_dict(self) -> dict[str, object]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def random_look(rng: random.Random, quarter_turns: int = 0) -> ScanLook:
    return ScanLook(
        skew_deg=rng.uniform(0.3, 3.0) * rng.choice((-1, 1)),
        quarter_turns=quarter_turns,
        blur=rng.uniform(0.3, 1.1),
        noise=rng.uniform(3.0, 12.0),
        gamma=rng.uniform(0.85, 1.3),
        jpeg_quality=rng.randint(35, 70),
        grayscale=rng.random() < 0.3,
    )


def rasterize(pdf: Path, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def scanned(page: Image.Image, look: ScanLook, rng: random.Random) -> Image.Image:
    """The page as a scanner returns it: tinted paper, skewed, maybe sideways, soft, noisy."""
    arr = np.asarray(page, dtype=np.float32) / 255.0
    arr = arr ** look.gamma * (np.array(PAPER, dtype=np.float32) / 255.0)
    img = Image.fromarray((arr * 255).astype(np.uint8))
    img = img.rotate(look.skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=PAPER)
    if look.quarter_turns:
        img = img.transpose([None, Image.Transpose.ROTATE_90, None, Image.Transpose.ROTATE_270][look.quarter_turns])
    if look.blur:
        img = img.filter(ImageFilter.GaussianBlur(look.blur))
    if look.noise:
        noise = np.random.default_rng(rng.getrandbits(32)).normal(0.0, look.noise, (img.height, img.width, 1))
        img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).astype(np.uint8))
    return img.convert("L") if look.grayscale else img


def bilevel(img: Image.Image, threshold: int = 160) -> Image.Image:
    """Black and white, as a fax-mode scan; kept 8-bit because reportlab stores 1-bit images as RGB."""
    return img.convert("L").point(lambda v: 255 if v > threshold else 0)


def jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


# ---------------------------------------------------------------------------------------------
# Official stamp


def _star(center: float, radius: float) -> list[tuple[float, float]]:
    """A five-pointed star pointing up."""
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.382
        a = math.pi / 2 + i * math.pi / 5
        points.append((center + r * math.cos(a), center - r * math.sin(a)))
    return points


def _glyph(ch: str, font: ImageFont.FreeTypeFont, angle: float) -> Image.Image:
    size = int(font.size * 1.5)
    glyph = Image.new("L", (size, size), 0)
    ImageDraw.Draw(glyph).text((size / 2, size / 2), ch, fill=255, font=font, anchor="mm")
    return glyph.rotate(angle, resample=Image.Resampling.BICUBIC)


def stamp_ink(diameter: int, ring_text: str, font_file: Path, rng: random.Random) -> Image.Image:
    """The ink of a round official seal as an 8-bit mask: ring, star, the body's name around the top
    and 专用章 under the star, with uneven ink."""
    d = diameter
    ink = Image.new("L", (d, d), 0)
    draw = ImageDraw.Draw(ink)
    ring = max(2, round(d * 0.035))
    draw.ellipse([ring / 2, ring / 2, d - ring / 2, d - ring / 2], outline=255, width=ring)
    draw.polygon(_star(d / 2, d * 0.16), fill=255)
    font = ImageFont.truetype(str(font_file), max(8, round(d * 0.12)), index=0)
    text = ring_text[:18]
    sweep = min(250.0, 21.0 * len(text))  # degrees of the top arc the name covers
    radius = d / 2 - ring - font.size * 0.75
    for i, ch in enumerate(text):
        a = -sweep / 2 + sweep * (i + 0.5) / len(text)  # clockwise from the top
        glyph = _glyph(ch, font, -a)
        cx = d / 2 + radius * math.sin(math.radians(a))
        cy = d / 2 - radius * math.cos(math.radians(a))
        box = (round(cx - glyph.width / 2), round(cy - glyph.height / 2))
        ink.paste(ImageChops.lighter(ink.crop((*box, box[0] + glyph.width, box[1] + glyph.height)), glyph), box)
    small = ImageFont.truetype(str(font_file), max(6, round(d * 0.085)), index=0)
    draw.text((d / 2, d * 0.76), "专用章", fill=255, font=small, anchor="mm")
    # Uneven ink: a coarse random field, smoothed, scales the mask between 45% and 100%.
    coarse = np.random.default_rng(rng.getrandbits(32)).uniform(0.45, 1.0, (8, 8)).astype(np.float32)
    field = Image.fromarray((coarse * 255).astype(np.uint8)).resize((d, d), Image.Resampling.BICUBIC)
    ink = Image.fromarray((np.asarray(ink, np.float32) * np.asarray(field, np.float32) / 255).astype(np.uint8))
    return ink.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)


def press_stamp(page: Image.Image, ink: Image.Image, center: tuple[float, float], opacity: float = 0.8) -> Image.Image:
    """Multiply red ink onto the page: the print underneath stays readable, as under a real seal."""
    red = np.array([205, 25, 35], dtype=np.float32) / 255.0
    out = np.asarray(page.convert("RGB"), dtype=np.float32)
    x0, y0 = round(center[0] - ink.width / 2), round(center[1] - ink.height / 2)
    alpha = np.asarray(ink, dtype=np.float32)[..., None] / 255.0 * opacity
    # Clip the stamp to the page.
    sx0, sy0 = max(0, -x0), max(0, -y0)
    px0, py0 = max(0, x0), max(0, y0)
    px1, py1 = min(out.shape[1], x0 + ink.width), min(out.shape[0], y0 + ink.height)
    if px1 <= px0 or py1 <= py0:
        return page
    a = alpha[sy0 : sy0 + py1 - py0, sx0 : sx0 + px1 - px0]
    out[py0:py1, px0:px1] *= 1 - a + a * red
    return Image.fromarray(out.astype(np.uint8))


# ---------------------------------------------------------------------------------------------
# Image PDFs, with or without an invisible text layer


@dataclass(frozen=True)
class TextRun:
    """A run of text on a page: PDF points, bottom-left origin."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def text_runs(pdf: Path) -> list[list[TextRun]]:
    """The text of each page in line-sized runs with their boxes (pdfium's text rectangles)."""
    doc = pdfium.PdfDocument(str(pdf))
    pages = []
    try:
        for page in doc:
            textpage = page.get_textpage()
            runs = []
            for i in range(textpage.count_rects()):
                x0, y0, x1, y1 = textpage.get_rect(i)
                text = textpage.get_text_bounded(x0, y0, x1, y1).strip()
                if text:
                    runs.append(TextRun(text, x0, y0, x1, y1))
            pages.append(runs)
    finally:
        doc.close()
    return pages


def image_pdf(out: Path, images: Sequence[bytes], dpi: int, text_layers: Sequence[Sequence[TextRun]] | None = None,
              font: str | None = None) -> None:  # fmt: skip
    """One page per encoded image (JPEG goes in as is, PNG losslessly), sized so the image is `dpi`.
    With text layers, each run is laid invisibly (render mode 3) over its box, like an OCR layer."""
    canvas = Canvas(str(out), invariant=1, pageCompression=1)
    for i, data in enumerate(images):
        reader = ImageReader(io.BytesIO(data))
        w_px, h_px = reader.getSize()
        width, height = w_px * 72 / dpi, h_px * 72 / dpi
        canvas.setPageSize((width, height))
        canvas.drawImage(reader, 0, 0, width, height)
        for run in text_layers[i] if text_layers else ():
            _invisible_text(canvas, run, font or "Helvetica")
        canvas.showPage()
    canvas.save()


def _invisible_text(canvas: Canvas, run: TextRun, font: str) -> None:
    size = max(1.0, run.y1 - run.y0)
    natural = canvas.stringWidth(run.text, font, size)
    text = canvas.beginText()
    text.setTextRenderMode(3)
    text.setFont(font, size)
    text.setHorizScale(100 * (run.x1 - run.x0) / natural if natural else 100)  # stretch the run over its box
    text.setTextOrigin(run.x0, run.y0)
    text.textOut(run.text)
    canvas.drawText(text)


def mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 (Latin-1 for the five bytes cp1252 leaves undefined), the
    classic garbage text layer: 本年 -> æœ¬å¹´."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))
