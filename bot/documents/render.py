"""Render a `Document` (bot/documents/model.py) as an A4 PDF (fpdf2, Chinese font embedded as a subset) or
as a Word .docx (python-docx), for printing and signing.

The font is a TrueType file of the machine, never downloaded at run time: ``KAYOU_PDF_FONT`` when set,
else the first of ``FONT_CANDIDATES`` that exists (Debian's fonts-wqy-zenhei, installed by `make
font-deps` / `make browser-deps`; Noto CJK and Droid fallback as alternatives). A .ttc collection is
read at its first face. Without any font a PDF cannot carry Chinese: `FontMissing` is raised and the
download route answers with a clear message (the .docx needs no font file).
"""
from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from bot.config import settings
from bot.documents.model import Block, Document

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)
FONT_FAMILY = "cjk"
# A4 in mm, margins of an ordinary Chinese official letter
MARGIN_MM = 22
TITLE_PT = 18
BODY_PT = 12
TABLE_PT = 10
LINE_MM = 7.2
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}


# fontTools warns about each bitmap table of wqy-zenhei it drops while subsetting: expected, not news
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


class FontMissing(RuntimeError):
    """No Chinese TrueType font on this machine."""


def font_path() -> Path:
    configured = settings().pdf_font
    candidates = (configured,) if configured else FONT_CANDIDATES
    for candidate in candidates:
        path = Path(candidate)
        if path.is_file():
            return path
    raise FontMissing(
        "no Chinese font found: install Debian's fonts-wqy-zenhei (make font-deps) or set KAYOU_PDF_FONT"
    )


def to_pdf(doc: Document) -> bytes:
    """A4 portrait; the title centred and bold-sized; paragraphs indented by two characters; tables with
    a header row repeated on each page; the signature lines at the bottom right with room to sign."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.add_font(FONT_FAMILY, "", str(font_path()))
    pdf.set_title(doc.title)
    pdf.set_creator("卡友助手")
    pdf.add_page()
    width = pdf.w - 2 * MARGIN_MM

    pdf.set_font(FONT_FAMILY, size=TITLE_PT)
    pdf.multi_cell(width, 11, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for block in doc.blocks:
        if block.kind == "table":
            _pdf_table(pdf, block, FontFace)
            continue
        if block.kind == "heading":
            pdf.ln(2)
            pdf.set_font(FONT_FAMILY, size=BODY_PT + 1)
            pdf.multi_cell(width, LINE_MM, block.text, new_x="LMARGIN", new_y="NEXT")
            continue
        pdf.set_font(FONT_FAMILY, size=BODY_PT)
        indented = block.kind == "paragraph" or (block.kind == "closing" and block is _first_closing(doc))
        if block.kind == "paragraph":
            pdf.ln(1.5)
        if block.kind == "closing" and block is _first_closing(doc):
            pdf.ln(3)
        # first-line indent by position, not by 「　　」: Chinese has no spaces, so a line break would fall
        # right after leading blanks and leave an empty line; write() wraps back to the left margin
        first_indent = 2 * pdf.get_string_width("中") if indented else 0
        for index, line in enumerate(wrap_lines(block.text, width, first_indent, pdf.get_string_width)):
            pdf.set_x(MARGIN_MM + (first_indent if index == 0 else 0))
            pdf.cell(width, LINE_MM, line, new_x="LMARGIN", new_y="NEXT")
    if doc.signature:
        # keep the signature block together: a new page when less than ~45 mm remain
        if pdf.get_y() > pdf.h - MARGIN_MM - 45:
            pdf.add_page()
        pdf.ln(12)
        pdf.set_font(FONT_FAMILY, size=BODY_PT)
        for line in doc.signature:
            pdf.set_x(pdf.w / 2 - 5)
            pdf.cell(pdf.w / 2 - MARGIN_MM + 5, 12, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# a number with its unit stays on one line (「2,700.00元」「2029年4月1日」); punctuation never starts a line
_TOKEN = re.compile(r"[0-9][0-9,.%]*(?:[年月日期元天个])?|[A-Za-z]+|\s+|.", re.S)
_NO_LINE_START = set("，。、；：！？）」』”’%,.;:!?)")


def wrap_lines(text: str, width: float, first_indent: float, measure) -> list[str]:
    """Lines of ``text`` that fit ``width`` (the first one ``first_indent`` less), broken between
    characters as Chinese is, but never inside a number and never before closing punctuation (避头)."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        if tokens and (token[0] in _NO_LINE_START):
            tokens[-1] += token
        else:
            tokens.append(token)
    lines: list[str] = []
    current = ""
    room = width - first_indent
    for token in tokens:
        if current and measure(current + token) > room:
            lines.append(current)
            current, room = token.lstrip(), width
        else:
            current += token
    if current or not lines:
        lines.append(current)
    return lines


def _first_closing(doc: Document) -> Block | None:
    return next((b for b in doc.blocks if b.kind == "closing"), None)


def _pdf_table(pdf, block: Block, font_face) -> None:
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, size=TABLE_PT)
    columns = len(block.header)
    first = 16.0
    rest = (pdf.w - 2 * MARGIN_MM - first) / max(1, columns - 1)
    widths = (first, *([rest] * (columns - 1)))
    with pdf.table(
        col_widths=widths, text_align=("CENTER", *(["RIGHT"] * (columns - 1))), line_height=6,
        headings_style=font_face(fill_color=(235, 235, 235)), repeat_headings=1, width=pdf.w - 2 * MARGIN_MM,
    ) as table:
        header = table.row()
        for cell in block.header:
            header.cell(cell, align="CENTER")
        for values in block.rows:
            row = table.row()
            for cell in values:
                row.cell(cell)
    pdf.ln(2)


def to_docx(doc: Document) -> bytes:
    """The same document as Word (.docx) for people who edit before printing; the font is named (宋体 /
    SimSun for East Asian text), not embedded — Word and WPS have it."""
    from docx import Document as WordDocument
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    word = WordDocument()
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    normal = word.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.font.name = "SimSun"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")

    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title)
    run.bold = True
    run.font.size = Pt(TITLE_PT)
    for block in doc.blocks:
        if block.kind == "table":
            table = word.add_table(rows=1, cols=len(block.header))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.header, strict=True):
                cell.text = text
            for values in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, values, strict=True):
                    cell.text = text
            continue
        paragraph = word.add_paragraph()
        run = paragraph.add_run(block.text)
        if block.kind == "heading":
            run.bold = True
        elif block.kind == "paragraph":
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        elif block.kind == "closing" and block is _first_closing(doc):
            paragraph.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    if doc.signature:
        word.add_paragraph()
        for line in doc.signature:
            paragraph = word.add_paragraph(line)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def render(doc: Document, fmt: str) -> bytes:
    """``fmt`` one of pdf, docx, txt."""
    if fmt == "pdf":
        return to_pdf(doc)
    if fmt == "docx":
        return to_docx(doc)
    if fmt == "txt":
        return ("\ufeff" + doc.to_text()).encode("utf-8")  # the BOM for older Windows editors
    raise ValueError(f"unknown document format {fmt!r}")
