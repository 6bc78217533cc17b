"""Plain text and markdown: UTF-8, UTF-16 (with or without BOM), GB18030/GBK."""

from __future__ import annotations

from pathlib import Path

from charset_normalizer import from_bytes

from extractor.document import Document, ReadError
from extractor.normalize import TRADITIONAL_NOTE, normalize

# A report is Chinese text: a decoding that yields few CJK characters is the wrong one.
_MIN_CJK_SHARE = 0.05


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return cjk / len(text)


def decode_report_bytes(data: bytes, path: Path | str) -> tuple[str, str]:
    """Return (text, encoding name). Tries the encodings reports really use before guessing."""
    if not data.strip():
        raise ReadError(path, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    # UTF-16 without BOM: every other byte of ASCII-range text is NUL.
    if data.count(b"\x00") > len(data) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _cjk_share(text) >= _MIN_CJK_SHARE:
                return text, enc
        raise ReadError(path, "binary file (NUL bytes) that is not UTF-16 text")
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _cjk_share(text) >= _MIN_CJK_SHARE:
            return text, "gbk" if enc == "gb18030" and _is_plain_gbk(data) else enc
    best = from_bytes(data).best()
    if best is not None and _cjk_share(str(best)) >= _MIN_CJK_SHARE:
        return str(best), best.encoding
    raise ReadError(path, "cannot decode as Chinese text (tried UTF-8, UTF-16, GB18030/GBK)")


def _is_plain_gbk(data: bytes) -> bool:
    try:
        data.decode("gbk")
    except UnicodeDecodeError:
        return False
    return True


def read_text(path: Path, data: bytes) -> Document:
    raw, encoding = decode_report_bytes(data, path)
    norm = normalize(raw)
    return Document(
        source=path,
        text=norm.text,
        offsets=norm.offsets,
        encoding=encoding,
        format="txt",
        notes=[TRADITIONAL_NOTE] if norm.traditional else [],
    )
