"""The download route's logic, without Sanic: which document a URL names, the check of its signed link,
and the file's bytes and headers. `bot.channels.widget` mounts it at
``/webhooks/widget/documents/<case_id>[/<name>]?e=…&s=…`` (the widget downloads the files directly; a
WeChat user gets the page first)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from bot.documents import links, page
from bot.documents.model import Document
from bot.documents.render import MIME, render

_NAME = re.compile(r"(letter-(\d{1,2})|schedule|complaint)\.(pdf|docx|txt)")
# the stored documents behind one signed id: a plan's (letter_documents, schedule_document) or a complaint's
COMPLAINT_KEY = "complaint_document"
_CASE_ID = re.compile(r"[A-Za-z0-9-]{1,64}")
BASE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str]


def _html(status: int, text: str) -> Reply:
    return Reply(status, page.message_page(text).encode(), "text/html; charset=utf-8",
                 {**BASE_HEADERS, "Content-Security-Policy": PAGE_CSP})


def check(case_id: str, expires: str | None, sig: str | None, *, now: float | None = None) -> Reply | None:
    """None when the link may be served, else the refusal (403 invalid, 410 expired)."""
    if not _CASE_ID.fullmatch(case_id or ""):
        return _html(403, page.ERR_INVALID)
    problem = links.verify(case_id, expires, sig, now=now)
    if problem == "expired":
        return _html(410, page.ERR_EXPIRED)
    if problem:
        return _html(403, page.ERR_INVALID)
    return None


def documents_of(plan: dict[str, Any]) -> tuple[list[Document], Document | None]:
    letters = [Document.from_dict(d) for d in plan.get("letter_documents") or [] if isinstance(d, dict)]
    schedule = plan.get("schedule_document")
    return letters, Document.from_dict(schedule) if isinstance(schedule, dict) else None


def complaint_of(stored: dict[str, Any]) -> Document | None:
    raw = stored.get(COMPLAINT_KEY)
    return Document.from_dict(raw) if isinstance(raw, dict) else None


def page_reply(case_id: str, plan: dict[str, Any] | None, query: str, hours: int) -> Reply:
    if plan is None:
        return _html(404, page.ERR_NOT_FOUND)
    letters, schedule = documents_of(plan)
    files = []
    for index, doc in enumerate(letters):
        title = doc.title + (f"（{doc.meta.get('bank')}）" if len(letters) > 1 and doc.meta.get("bank") else "")
        files += [{"title": title, "format": ext, "url": f"{case_id}/letter-{index}.{ext}?{query}"}
                  for ext in ("pdf", "docx")]
    if schedule is not None:
        files += [{"title": schedule.title, "format": ext, "url": f"{case_id}/schedule.{ext}?{query}"}
                  for ext in ("pdf", "docx")]
    complaint = complaint_of(plan)
    if complaint is not None:
        files += [{"title": complaint.title, "format": ext, "url": f"{case_id}/complaint.{ext}?{query}"}
                  for ext in ("pdf", "docx")]
    return Reply(200, page.download_page(files, hours).encode(), "text/html; charset=utf-8",
                 {**BASE_HEADERS, "Content-Security-Policy": PAGE_CSP})


def select(plan: dict[str, Any] | None, name: str) -> tuple[Document, str] | Reply:
    """The document and format a file name names, or the 404."""
    match = _NAME.fullmatch(name or "")
    if plan is None or match is None:
        return _html(404, page.ERR_NOT_FOUND)
    letters, schedule = documents_of(plan)
    if match.group(1) == "schedule":
        doc = schedule
    elif match.group(1) == "complaint":
        doc = complaint_of(plan)
    else:
        index = int(match.group(2))
        doc = letters[index] if index < len(letters) else None
    if doc is None:
        return _html(404, page.ERR_NOT_FOUND)
    return doc, match.group(3)


def file_reply(doc: Document, fmt: str) -> Reply:
    """The rendered file as an attachment named in Chinese (RFC 6266 filename*), ASCII fallback."""
    try:
        body = render(doc, fmt)
    except Exception:  # a missing font, a broken table: the person gets a message, the log the traceback
        import logging

        logging.getLogger(__name__).exception("could not render %s", fmt)
        return _html(503, page.ERR_UNAVAILABLE)
    filename = f"{doc.filename}.{fmt}"
    disposition = f"attachment; filename=\"kayou.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    return Reply(200, body, MIME[fmt], {**BASE_HEADERS, "Content-Disposition": disposition})
