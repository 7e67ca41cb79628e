"""A printable document as plain data: a title, blocks (headings, paragraphs, tables, closing lines) and
signature lines. Pure (no I/O): the letter of the plan engine and, later, a complaint text are built as
a `Document`, and `bot.documents.render` turns one into PDF, DOCX or plain text.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("heading", "paragraph", "line", "table", "closing")


@dataclass(frozen=True)
class Block:
    """heading: a bold line; paragraph: indented body text (首行缩进两字); line: a line as written
    (申请人：…, 致：…); table: ``header`` and ``rows`` of cells; closing: 此致 / 敬礼 style lines."""

    kind: str
    text: str = ""
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind == "table":
            data["header"] = list(self.header)
            data["rows"] = [list(r) for r in self.rows]
        else:
            data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Block:
        return cls(
            kind=str(raw.get("kind")),
            text=str(raw.get("text") or ""),
            header=tuple(str(c) for c in raw.get("header") or ()),
            rows=tuple(tuple(str(c) for c in row) for row in raw.get("rows") or ()),
        )


@dataclass(frozen=True)
class Document:
    """title: centred at the top; blocks in reading order; signature: lines ending in a blank to sign
    (「申请人（签字）：」, 「日期：」) printed at the bottom right with room for a hand signature."""

    title: str
    blocks: tuple[Block, ...] = ()
    signature: tuple[str, ...] = ()
    filename: str = "document"
    meta: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "blocks": [b.to_dict() for b in self.blocks],
                "signature": list(self.signature), "filename": self.filename, "meta": dict(self.meta)}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Document:
        return cls(
            title=str(raw.get("title") or ""),
            blocks=tuple(Block.from_dict(b) for b in raw.get("blocks") or () if isinstance(b, dict)),
            signature=tuple(str(s) for s in raw.get("signature") or ()),
            filename=str(raw.get("filename") or "document"),
            meta={str(k): str(v) for k, v in (raw.get("meta") or {}).items()},
        )

    def to_text(self) -> str:
        """Plain text (chat bubble, copy button, .txt): the title, blocks, signature lines. No blank lines:
        Rasa's output channels split a text at every blank line, and a letter is one message."""
        lines = [self.title]
        for block in self.blocks:
            if block.kind == "table":
                lines.append("　".join(block.header))
                lines.extend("　".join(row) for row in block.rows)
            elif block.kind == "paragraph":
                lines.append("　　" + block.text)
            else:
                lines.append(block.text)
        lines.extend(self.signature)
        return "\n".join(lines).rstrip() + "\n"
