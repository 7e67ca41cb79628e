"""bot/documents: the document structure, its plain text, the PDF (A4, font embedded, text read back) and
the .docx, and the line breaking of Chinese text in the PDF."""
from __future__ import annotations

import io
import shutil
import subprocess
import zipfile

import pytest

from bot.documents.model import Block, Document
from bot.documents.render import render, wrap_lines

DOC = Document(
    "测试申请书",
    (Block("line", "致：某某银行"), Block("heading", "一、欠款"), Block("paragraph", "欠款为人民币12,345.67元。"),
     Block("table", header=("期数", "金额"), rows=(("第1期", "100.00"), ("第2期", "200.00"))),
     Block("closing", "此致"), Block("closing", "敬礼")),
    ("申请人（签字）：____", "日期：____"),
    "测试",
)


def test_round_trip_and_text():
    assert Document.from_dict(DOC.to_dict()) == DOC
    text = DOC.to_text()
    assert text.splitlines()[0] == "测试申请书" and "　　欠款为人民币12,345.67元。" in text
    assert "第2期　200.00" in text and text.rstrip().endswith("日期：____") and "\n\n" not in text


def test_unknown_block_kind_is_refused():
    with pytest.raises(ValueError):
        Block("script", "x")


def test_pdf_is_a4_with_the_font_embedded_and_the_text_readable():
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian poppler-utils) is needed: make browser-deps")
    pdf = render(DOC, "pdf")
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "595.28 x 841.89" in info  # A4
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "yes yes yes" in fonts  # embedded, subset, unicode
    text = "".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
                   .stdout.decode().split())
    for item in ("测试申请书", "12,345.67元", "第2期", "此致", "申请人（签字）"):
        assert item in text, item


def test_docx_holds_the_text_and_the_table():
    xml = zipfile.ZipFile(io.BytesIO(render(DOC, "docx"))).read("word/document.xml").decode()
    assert "测试申请书" in xml and "第2期" in xml and "<w:tbl>" in xml and 'w:jc w:val="center"' in xml


def test_txt_has_a_bom():
    assert render(DOC, "txt").startswith("\ufeff".encode())
    with pytest.raises(ValueError):
        render(DOC, "exe")


def width(text: str) -> float:
    return float(len(text))


def test_wrap_keeps_numbers_whole_and_punctuation_off_the_line_start():
    lines = wrap_lines("每月结余约2,700.00元。至2029年4月1日还清", 12, 2, width)
    assert lines == ["每月结余约", "2,700.00元。至", "2029年4月1日还清"]
    assert all(not line.startswith(("。", "，")) for line in wrap_lines("甲乙丙丁，戊己庚辛。" * 3, 5, 0, width))
    lines = wrap_lines("甲乙丙丁" * 10, 7, 2, width)
    assert [len(line) for line in lines] == [5, 7, 7, 7, 7, 7] and "".join(lines) == "甲乙丙丁" * 10
    # closing punctuation joins the character before it, even past the width
    assert wrap_lines("甲乙丙，丁", 3, 0, width) == ["甲乙", "丙，丁"]
    assert wrap_lines("", 10, 0, width) == [""]
