"""Plain text and markdown: UTF-8, UTF-16 (with or without BOM), GB18030/GBK."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from charset_normalizer import from_bytes

from extractor.document import Document, ReadError
from extractor.limits import check_text, check_text_bytes
from extractor.normalize import TRADITIONAL_NOTE, normalize

# A report is Chinese text: a decoding that yields few CJK characters is the wrong one.
_MIN_CJK_SHARE = 0.05
_CJK = re.compile("[\u4e00-\u9fff]")


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CJK.findall(text)) / len(text)


class Decoded(NamedTuple):
    text: str
    encoding: str
    note: str | None = None  # what decoding had to do (a character cut off at the end), for the report's warnings


def decode_utf8(data: bytes) -> Decoded | None:
    """UTF-8 bytes decoded, also when a download or a copy cut the last character short (its bytes then read as
    U+FFFD, and the note says so); None when the bytes are not UTF-8."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.end != len(data):
            return None
        cut = len(data) - exc.start
        note = f"the file ends in the middle of a UTF-8 character (cut short?): its last {cut} byte(s) read as U+FFFD"
        return Decoded(data[: exc.start].decode("utf-8") + "\ufffd", "utf-8", note)


def decode_report_bytes(data: bytes, path: Path | str) -> Decoded:
    """The text and its encoding. Tries the encodings reports really use before guessing."""
    if not data.strip():
        raise ReadError(path, "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        if (utf8 := decode_utf8(data[3:])) is None:
            raise ReadError(path, "a UTF-8 byte order mark, but not UTF-8 text")
        return utf8._replace(encoding="utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16"), "utf-16")
    # UTF-16 without BOM: every other byte of ASCII-range text is NUL.
    if data.count(b"\x00") > len(data) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _cjk_share(text) >= _MIN_CJK_SHARE:
                return Decoded(text, enc)
        raise ReadError(path, "binary file (NUL bytes) that is not UTF-16 text")
    if (utf8 := decode_utf8(data)) is not None and _cjk_share(utf8.text) >= _MIN_CJK_SHARE:
        return utf8
    try:
        text = data.decode("gb18030")
        if _cjk_share(text) >= _MIN_CJK_SHARE:
            return Decoded(text, "gbk" if _is_plain_gbk(data) else "gb18030")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and _cjk_share(str(best)) >= _MIN_CJK_SHARE:
        return Decoded(str(best), best.encoding)
    raise ReadError(path, "cannot decode as Chinese text (tried UTF-8, UTF-16, GB18030/GBK)")


def _is_plain_gbk(data: bytes) -> bool:
    try:
        data.decode("gbk")
    except UnicodeDecodeError:
        return False
    return True


def read_text(path: Path, data: bytes) -> Document:
    check_text_bytes(path, len(data))
    raw, encoding, note = decode_report_bytes(data, path)
    check_text(path, len(raw))  # before normalizing, whose offset map costs some 40 bytes a character
    norm = normalize(raw)
    return Document(
        source=path,
        text=norm.text,
        offsets=norm.offsets,
        encoding=encoding,
        format="txt",
        notes=([note] if note else []) + ([TRADITIONAL_NOTE] if norm.traditional else []),
    )
