"""Readers: every format gives the same Document, with offsets that point at what they claim."""

from __future__ import annotations

import json
import random
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractor.document import Document, ReadError
from extractor.readers import read_document
from extractor.readers.docx import read_docx

REPORT = "示例镇2020年政府信息公开工作年度报告\n一、总体情况\n全年收到政府信息公开申请12件，办结11件。\n"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _assert_cells_in_text(doc: Document) -> None:
    """Every grid cell is the span of Document.text it claims; every row is one tab-separated line."""
    for table in doc.tables:
        assert doc.text[table.start : table.end].count("\n") == len(table.rows) - 1
        for row in table.rows:
            for cell in row:
                assert doc.text[cell.start : cell.end] == cell.text
            line = doc.text[row[0].start : row[-1].end]
            assert line == "\t".join(cell.text for cell in row)


def _grid(doc: Document, index: int = 0) -> list[list[str]]:
    return [[cell.text for cell in row] for row in doc.tables[index].rows]


# ---------------------------------------------------------------------------------------------
# Plain text


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (REPORT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + REPORT.encode("utf-8"), "utf-8-sig"),
        (REPORT.encode("gbk"), "gbk"),
        (REPORT.encode("utf-16"), "utf-16"),  # LE with BOM on this platform
        (REPORT.encode("utf-16-le"), "utf-16-le"),
        ((REPORT + "规章\t0\t0\t0\n" * 20).encode("utf-16-le"), "utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "utf16-bom", "utf16le-no-bom-cjk", "utf16le-no-bom-table"],
)
def test_text_encodings(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = read_document(_write(tmp_path, "r.txt", data))
    # charset-normalizer, the last resort, spells codecs the Python way (utf_16_le)
    assert doc.encoding.replace("_", "-") == encoding
    assert doc.format == "txt"
    assert doc.text.startswith("示例镇2020年")  # no BOM left in the text
    assert "收到政府信息公开申请12件,办结11件" in doc.text  # full-width comma normalized


def test_text_full_width_digits_normalized(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, "r.txt", "主动公开政府信息１３４条（其中规章０件）".encode()))
    assert "主动公开政府信息134条(其中规章0件)" == doc.text


def test_dropped_characters_keep_every_offset_pointing_at_its_original_character() -> None:
    """Carriage returns, zero-width spaces and a BOM inside the text are dropped; every other character maps back
    to where it was printed, and the extra last offset to the end of the original."""
    from extractor.normalize import normalize

    raw = "\ufeff主动公开\u200b政府信息１３４条\r\n收到申请\r\n１２件"
    got = normalize(raw)
    assert got.text == "主动公开政府信息134条\n收到申请\n12件"
    assert len(got.offsets) == len(got.text) + 1 and got.offsets[-1] == len(raw)
    for i, ch in enumerate(got.text):
        assert raw[got.offsets[i]] == ch or normalize(raw[got.offsets[i]]).text == ch
    plain = normalize("收到申请12件")
    assert plain.offsets == tuple(range(len("收到申请12件") + 1))


def test_text_thousands_separator_dropped_offsets_map_back(tmp_path: Path) -> None:
    raw = "采购总金额173,581元，共1，234,567条信息"
    doc = read_document(_write(tmp_path, "r.txt", raw.encode()))
    assert doc.text == "采购总金额173581元,共1234567条信息"
    assert len(doc.offsets) == len(doc.text) + 1
    start = doc.text.index("173581")
    # the digit after the dropped comma maps to its own place in the original
    assert raw[doc.offsets[start + 3]] == "5"
    assert raw[doc.offsets[start] : doc.offsets[start + 6]] == "173,581"
    big = doc.text.index("1234567")
    assert raw[doc.offsets[big] : doc.offsets[big + 7]] == "1，234,567"
    assert doc.offsets[-1] == len(raw)


@pytest.mark.parametrize(
    "data",
    [b"", b"  \n\t\n", random.Random(0).randbytes(4096), b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8],
    ids=["empty", "blank", "random", "png"],
)
def test_text_unreadable_raises(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "bad.txt", data)
    with pytest.raises(ReadError) as info:
        read_document(path)
    assert "bad.txt" in str(info.value)


# ---------------------------------------------------------------------------------------------
# HTML

PAGE = """<!DOCTYPE html><html><head><meta charset="{charset}"><title>示例镇年报_示例县政府网</title>
<script>var menu = "导航脚本文字";</script><style>.nav {{ color: red }}</style></head>
<body>
<div class="top-nav"><ul><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></div>
<div id="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 年报</div>
<div class="main">
 <h1 class="title">示例镇2020年政府信息公开工作年度报告</h1>
 <div class="TRS_Editor">
  <p>当前位置：首页 &gt; 年度报告</p>
  <p>　　一、总体情况</p>
  <p>全年收到政府信息公开申请<span>1</span><span>2</span>件，
办结11件。<br>结转下年度1件。</p>
  <table border="1">
   <tr><td rowspan="2" colspan="2">说明</td><td colspan="2">申请人情况</td></tr>
   <tr><td>自然
       人</td><td>法人或其他<br>组织</td></tr>
   <tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>１,２３４</td><td>5</td></tr>
   <tr><td>（二）部分公开</td><td><p>3</p></td><td>0</td></tr>
  </table>
  <p>二、主动公开政府信息情况</p>
 </div>
 <div class="share">分享到：微信 微博</div>
</div>
<footer><p>主办单位：示例县人民政府办公室 版权所有</p></footer>
</body></html>"""


def _page(tmp_path: Path, charset: str = "utf-8", encoding: str = "utf-8", name: str = "r.html") -> Document:
    return read_document(_write(tmp_path, name, PAGE.format(charset=charset).encode(encoding)))


def test_html_drops_chrome_keeps_body(tmp_path: Path) -> None:
    doc = _page(tmp_path)
    assert doc.format == "html"
    for chrome in ("导航脚本文字", "政务服务", "当前位置", "分享到", "主办单位", "color"):
        assert chrome not in doc.text
    lines = doc.text.split("\n")
    # the title sits outside the content container and is brought back as the first line
    assert lines[0] == "示例镇2020年政府信息公开工作年度报告"
    assert lines[1] == "一、总体情况"
    # inline spans join without spaces; a wrapped source line between Chinese characters is no space
    assert "全年收到政府信息公开申请12件,办结11件。" in lines
    assert "结转下年度1件。" in lines
    assert doc.text.rstrip().endswith("二、主动公开政府信息情况")


def test_html_hidden_attribute_is_dropped_like_display_none(tmp_path: Path) -> None:
    page = PAGE.format(charset="utf-8").replace(
        "<p>二、主动公开政府信息情况</p>",
        "<p>二、主动公开政府信息情况</p><div hidden>隐藏的旧稿文字</div><p hidden=\"until-found\">折叠的文字</p>"
        "<div style=\"display: none\">不显示的文字</div>",
    )
    doc = read_document(_write(tmp_path, "r.html", page.encode("utf-8")))
    for hidden in ("隐藏的旧稿文字", "折叠的文字", "不显示的文字"):
        assert hidden not in doc.text
    assert doc.text.rstrip().endswith("二、主动公开政府信息情况")


@pytest.mark.parametrize("name", ["r.html", "r.txt"])
def test_utf8_cut_in_a_character_is_read_with_a_note(tmp_path: Path, name: str) -> None:
    whole = PAGE.format(charset="utf-8").encode("utf-8")
    cut = whole[: whole.index("主动公开".encode("utf-8")) + 2]  # the download stopped inside 主
    doc = read_document(_write(tmp_path, name, cut))
    assert doc.text.rstrip().endswith("二、\ufffd") and "一、总体情况" in doc.text
    assert doc.encoding == "utf-8"
    assert doc.notes == ["the file ends in the middle of a UTF-8 character (cut short?): its last 2 byte(s) read as U+FFFD"]


def test_a_report_cut_in_a_character_is_extracted_with_a_warning(tmp_path: Path) -> None:
    from extractor.pipeline import extract_path
    from tests.synthetic import random_values, render

    text = render(random_values("2021", 3), "2021", "tabs") + "\n本报告完"
    report, _doc = extract_path(_write(tmp_path, "r.txt", text.encode("utf-8")[:-1]))
    assert report.fields["t3.new_received.total"] == random_values("2021", 3)["t3.new_received.total"]
    assert any(w.startswith("reader: the file ends in the middle of a UTF-8 character") for w in report.warnings)


def test_html_rowspan_colspan_expanded(tmp_path: Path) -> None:
    doc = _page(tmp_path)
    assert len(doc.tables) == 1
    assert _grid(doc) == [
        ["说明", "", "申请人情况", ""],
        ["说明", "", "自然人", "法人或其他 组织"],  # a wrapped source line is no space, <br> is
        ["三、本年度办理结果", "(一)予以公开", "1234", "5"],
        ["三、本年度办理结果", "(二)部分公开", "3", "0"],
    ]


def test_html_cell_offsets_point_into_text(tmp_path: Path) -> None:
    doc = _page(tmp_path)
    _assert_cells_in_text(doc)
    table = doc.tables[0]
    cell = table.rows[2][2]
    assert doc.text[cell.start : cell.end] == "1234"  # full-width digits and separator normalized
    assert doc.text[table.start : table.end].startswith("说明\t\t申请人情况")
    assert len(doc.offsets) == len(doc.text) + 1
    assert list(doc.offsets) == sorted(doc.offsets)


def test_html_gbk_meta_charset(tmp_path: Path) -> None:
    doc = _page(tmp_path, charset="gbk", encoding="gbk")
    assert doc.encoding == "gbk"
    assert "全年收到政府信息公开申请12件" in doc.text
    doc = _page(tmp_path, charset="gb2312", encoding="gb18030", name="r2.html")
    assert "全年收到政府信息公开申请12件" in doc.text


def test_html_utf8_page_with_wrong_meta(tmp_path: Path) -> None:
    doc = _page(tmp_path, charset="gbk", encoding="utf-8")
    assert doc.encoding == "utf-8"
    assert "全年收到政府信息公开申请12件" in doc.text


def test_html_nested_table_flattened_into_cell(tmp_path: Path) -> None:
    page = (
        "<html><body><p>示例镇政府信息公开年度报告</p><table>"
        "<tr><td>行政复议</td><td><table><tr><td>维持</td><td>1</td></tr></table></td></tr>"
        "<tr><td>行政诉讼</td><td>2</td></tr></table></body></html>"
    )
    doc = read_document(_write(tmp_path, "n.html", page.encode()))
    assert _grid(doc) == [["行政复议", "维持 1"], ["行政诉讼", "2"]]
    _assert_cells_in_text(doc)


def test_html_layout_table_is_walked_not_gridded(tmp_path: Path) -> None:
    """Old sites put the whole article in a cell of a layout table; its data tables are still grids."""
    narrative = "本镇认真落实政府信息公开条例，持续加强政务公开工作。" * 8
    page = (
        "<html><body><table><tr>"
        "<td><ul><li>网站首页</li><li>机构概况</li></ul></td>"
        f"<td><h1>示例镇2020年政府信息公开工作年度报告</h1><p>{narrative}</p>"
        "<table><tr><td>行政许可</td><td>12</td></tr><tr><td>行政处罚</td><td>3</td></tr></table>"
        "</td></tr></table></body></html>"
    )
    doc = read_document(_write(tmp_path, "layout.html", page.encode()))
    assert doc.text.split("\n")[:2] == ["示例镇2020年政府信息公开工作年度报告", narrative.replace("，", ",")]
    assert "网站首页" not in doc.text
    assert _grid(doc) == [["行政许可", "12"], ["行政处罚", "3"]]
    _assert_cells_in_text(doc)


def test_html_without_chinese_text_raises(tmp_path: Path) -> None:
    path = _write(tmp_path, "en.html", b"<html><body><p>Hello</p></body></html>")
    with pytest.raises(ReadError, match="en.html"):
        read_document(path)


# ---------------------------------------------------------------------------------------------
# Word


def _docx(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("示例镇2021年政府信息公开工作年度报告")
    document.add_paragraph("")  # empty paragraphs leave no blank line
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "行政复议"  # horizontal merge
    table.cell(0, 2).merge(table.cell(1, 2)).text = "总计"  # vertical merge
    table.cell(1, 0).text = "维持"
    table.cell(1, 1).text = "纠正"
    table.cell(2, 0).text = "１,２３４"
    table.cell(2, 1).add_paragraph("第二段")  # a second paragraph in the cell
    table.cell(2, 1).paragraphs[0].text = "0"
    nested = table.cell(2, 2).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "内表"
    nested.cell(0, 1).text = "7"
    document.add_paragraph("五、存在的主要问题及改进情况")
    path = tmp_path / "r.docx"
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    doc = read_document(_docx(tmp_path))
    assert doc.format == "docx"
    lines = doc.text.split("\n")
    assert lines[0] == "示例镇2021年政府信息公开工作年度报告"
    assert lines[1] == "四、政府信息公开行政复议、行政诉讼情况"
    assert lines[2].startswith("行政复议\t\t总计")
    assert lines[5] == "五、存在的主要问题及改进情况"
    table = doc.tables[0]
    assert doc.text.index("四、政府信息公开") < table.start < table.end < doc.text.index("五、存在")


def test_docx_merged_and_nested_cells(tmp_path: Path) -> None:
    doc = read_document(_docx(tmp_path))
    assert _grid(doc) == [
        ["行政复议", "", "总计"],
        ["维持", "纠正", "总计"],
        ["1234", "0 第二段", "内表 7"],
    ]
    _assert_cells_in_text(doc)


def test_docx_hyperlinks_and_tracked_changes(tmp_path: Path) -> None:
    document = docx.Document()
    para = document.add_paragraph("收到申请")
    w = nsdecls("w")
    para._p.append(parse_xml(f"<w:hyperlink {w}><w:r><w:t>1</w:t></w:r><w:r><w:t>2</w:t></w:r></w:hyperlink>"))
    para._p.append(parse_xml(f'<w:del {w} w:id="1" w:author="a"><w:r><w:delText>99</w:delText></w:r></w:del>'))
    para._p.append(parse_xml(f'<w:ins {w} w:id="2" w:author="a"><w:r><w:t>件</w:t></w:r></w:ins>'))
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert read_document(path).text == "收到申请12件\n"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"this is not a zip archive", "not a zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "legacy Word .doc"),
        (None, "no word/document.xml"),
    ],
    ids=["not-zip", "ole-doc", "zip-without-document"],
)
def test_docx_broken_raises_naming_file(tmp_path: Path, data: bytes | None, reason: str) -> None:
    path = tmp_path / "broken.docx"
    if data is None:
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("readme.txt", "not a word file")
    else:
        path.write_bytes(data)
    for reader in (lambda p: read_docx(p, p.read_bytes()), read_document):
        with pytest.raises(ReadError) as info:
            reader(path)
        assert "broken.docx" in str(info.value)
        assert reason in info.value.reason


# ---------------------------------------------------------------------------------------------
# Dispatch


def test_read_document_dispatch(tmp_path: Path) -> None:
    page = PAGE.format(charset="utf-8").encode()
    assert read_document(_write(tmp_path, "a.HTM", page)).format == "html"
    assert read_document(_write(tmp_path, "b.md", REPORT.encode())).format == "txt"
    assert read_document(_docx(tmp_path)).format == "docx"
    assert read_document(str(tmp_path / "b.md")).source == tmp_path / "b.md"


@pytest.mark.parametrize("name", ["report.pdf.bak", "report", "report.xlsx"])
def test_read_document_unsupported_suffix(tmp_path: Path, name: str) -> None:
    path = _write(tmp_path, name, REPORT.encode())
    with pytest.raises(ReadError, match="unsupported file type"):
        read_document(path)


def test_read_document_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read_document(tmp_path / "missing.txt")


# ---------------------------------------------------------------------------------------------
# Bundled examples: they read, and their tables hold the numbers the expected files list


@pytest.mark.parametrize("name", ["example_2019.html", "example_2020.txt", "example_2021.docx"])
def test_examples_read_and_match_expected(name: str) -> None:
    path = EXAMPLES / name
    expected = json.loads((EXAMPLES / "expected" / f"{path.stem}.json").read_text("utf-8"))
    doc = read_document(path)
    _assert_cells_in_text(doc)
    fields = expected["fields"]
    assert doc.text.startswith(expected["title"])
    assert f"申请{fields['n.applications.received']}件" in doc.text
    label = "一、本年新收政府信息公开申请数量"
    line = next(line for line in doc.text.split("\n") if line.startswith(label))
    numbers = [cell for cell in line.split("\t") if cell and cell != label]
    columns = ("natural", "commercial", "research", "social", "legal", "other_org", "total")
    assert numbers == [str(fields[f"t3.new_received.{c}"]) for c in columns]
    if doc.format != "txt":
        assert len(doc.tables) == 3


def test_read_document_hashes_the_bytes_it_read(tmp_path):
    import hashlib

    data = "示例镇2021年政府信息公开工作年度报告".encode("gbk")
    path = _write(tmp_path, "h.txt", data)
    assert read_document(path).sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("共收到申请5，120件。", "5120件"),  # a count with a grouping Chinese comma: one number
        ("收到和办结分别为5，120件。", "5,120件"),  # 分别: two numbers
        ("规章2、5，120件", "5,120件"),  # a list of counts
        ("2024，120件", "2024,120件"),  # a four-digit lead is no thousands group
        ("金额5，120", "5,120"),  # no counter after it: left as printed
        ("采购总金额5,120元", "5120元"),  # an ASCII comma with a short lead groups digits
        ("共1，234，567条", "1234567条"),  # two groups: one number whatever the comma
    ],
)
def test_comma_between_digits_decided_by_context(tmp_path: Path, raw: str, expected: str) -> None:
    doc = read_document(_write(tmp_path, "r.txt", raw.encode()))
    assert expected in doc.text, doc.text


def test_a_traditional_script_copy_is_read_as_the_simplified_report_with_offsets_kept(tmp_path):
    """Mirror sites publish reports in traditional characters: the text is read as the simplified one, character for
    character (offsets still index the file), and the reader says so."""
    from extractor.normalize import normalize
    from extractor.readers import read_document

    simplified = "一、总体情况\n全年主动公开政府信息1200条，收到政府信息公开申请12件。"
    traditional = "一、總體情況\n全年主動公開政府信息1200條，收到政府信息公開申請12件。"
    path = tmp_path / "t.txt"
    path.write_text(traditional, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == normalize(simplified).text
    assert any("traditional" in n for n in doc.notes)
    at = doc.text.index("1200")
    assert traditional[doc.offsets[at]:doc.offsets[at] + 4] == "1200"
    assert not normalize(simplified).traditional and normalize(simplified).text == normalize(simplified).text
    assert normalize("個人開放").text == "個人開放"  # fewer than three marks: no conversion


def test_pinyin_glosses_of_a_mirror_copy_are_dropped_with_offsets_kept():
    """Some mirror copies print a toned pinyin gloss after characters (發(fā)布信息600條): the report's words are the
    characters, and offsets still index the original; letters without a tone mark (客户端(app)) stay."""
    from extractor.normalize import normalize

    raw = "今年共發(fā)布信息600余條，公開(kāi)政府信息，收到申請(qǐng)12件，通過客户端(app)發布"
    got = normalize(raw)
    assert "(fā)" not in got.text and "(qǐng)" not in got.text and "客户端(app)" in got.text
    at = got.text.index("600")
    assert raw[got.offsets[at]:got.offsets[at] + 3] == "600"
