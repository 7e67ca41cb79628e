"""The download route's logic, without Sanic: which document a URL names, the check of its signed link,
and the file's bytes and headers. `bot.channels.widget` mounts it at
``/webhooks/widget/documents/<case_id>[/<name>]?e=…&s=…`` (the widget downloads the files directly; a
WeChat user gets the page first).

A link is valid for a day and anyone holding it may loop on it, so a download must not cost the others
(issue 22: 16 loops on one PDF took console calls from 10 ms to 5 s, each download rendering again on the
thread pool every console and store call shares). So:
- a file is rendered once per content (`RenderCache`: keyed by the SHA-256 of the document and format,
  bounded in bytes, least recently used out; concurrent requests for one file wait for one render);
- renders run in a process of their own (`RENDER_WORKERS` spawned worker processes, started at the first
  render), never on the default executor nor in a thread of the server: a PDF takes 1.7-3 s of CPU here, and
  on a thread it held the GIL against the event loop, so console calls during a render waited behind it
  (bench/RESULTS.md, issue 22: p99 133 ms with the 429s paused, from one render at the start of the flood);
- each link (case id) serves at most KAYOU_DOWNLOAD_PER_LINK_MINUTE (12) files a minute per process (429
  and a Chinese page past it; nginx limits per client address on top, deploy/nginx/kayou.conf);
- the 429 is answered after `REFUSAL_DELAY_S` (1 s), not at once: a client that ignores `Retry-After` and
  loops got its 429 in a millisecond and came back, 20 loops made ~600 requests a second, and every other
  request of the process (an agent's console call) waited behind them on the event loop (bench/RESULTS.md,
  issue 22: p99 394 ms). Paused, each loop makes one request a second; the pause is a sleeping coroutine,
  and past `MAX_PAUSED` refusals pausing at once the rest are answered at once (a flood of connections is
  not held open without bound).
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import threading
import time
from collections import OrderedDict, deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
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
RENDER_WORKERS = 1
CACHE_MAX_BYTES = 64 << 20
LINK_DOWNLOADS_PER_MINUTE = 12
REFUSAL_DELAY_S = 1.0
MAX_PAUSED = 512


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
    """The rendered file as an attachment named in Chinese (RFC 6266 filename*), ASCII fallback.
    Renders in the calling thread, uncached: the route uses `file_reply_async`."""
    try:
        body = render(_masked(doc), fmt)
    except Exception:  # a missing font, a broken table: the person gets a message, the log the traceback
        return _unavailable(fmt)
    return _attachment(doc, fmt, body)


def _unavailable(fmt: str) -> Reply:
    import logging

    logging.getLogger(__name__).exception("could not render %s", fmt)
    return _html(503, page.ERR_UNAVAILABLE)


def _attachment(doc: Document, fmt: str, body: bytes) -> Reply:
    filename = f"{doc.filename}.{fmt}"
    disposition = f"attachment; filename=\"kayou.{fmt}\"; filename*=UTF-8''{quote(filename)}"
    return Reply(200, body, MIME[fmt], {**BASE_HEADERS, "Content-Disposition": disposition})


def _masked(doc: Document) -> Document:
    """The document with personal numbers masked once more, whatever the renderer is given: a complaint or
    letter stored before the masking knew a separator is served masked too."""
    from bot.privacy import mask_value

    return Document.from_dict(mask_value(doc.to_dict()))


def _exit_with_parent(parent: int) -> None:
    """In the render worker: ends it when the server process is gone (a SIGKILLed server's worker would
    otherwise wait on its queue for ever)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="kayou-render-parent", daemon=True).start()


def render_masked(doc: dict[str, Any], fmt: str) -> bytes:
    """What the render worker process runs (module level: picklable)."""
    return render(_masked(Document.from_dict(doc)), fmt)


def content_key(doc: Document, fmt: str) -> str:
    raw = json.dumps(doc.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{fmt}\n{raw}".encode()).hexdigest()


class RenderCache:
    """Rendered files by content key, at most `max_bytes` in all (least recently used dropped first); one
    render per key at a time (the others wait for its future)."""

    def __init__(self, max_bytes: int = CACHE_MAX_BYTES, workers: int = RENDER_WORKERS) -> None:
        self.max_bytes = max_bytes
        self._files: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._rendering: dict[str, Future] = {}
        self._lock = threading.Lock()
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self.renders = 0  # how many times a file was actually rendered (tests, benchmarks)

    def cached(self, key: str) -> bytes | None:
        with self._lock:
            body = self._files.get(key)
            if body is not None:
                self._files.move_to_end(key)
            return body

    def _put(self, key: str, body: bytes) -> None:
        with self._lock:
            if key in self._files or len(body) > self.max_bytes:
                return
            self._files[key] = body
            self._size += len(body)
            while self._size > self.max_bytes:
                _, dropped = self._files.popitem(last=False)
                self._size -= len(dropped)

    def _worker_pool(self) -> ProcessPoolExecutor:
        # spawned, not forked: the server process holds threads, sockets and a loaded model
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"),
                                             initializer=_exit_with_parent, initargs=(os.getpid(),))
        return self._pool

    def submit(self, doc: Document, fmt: str) -> Future:
        """A future of the file's bytes: done at once when cached, else one render in the worker process."""
        key = content_key(doc, fmt)
        with self._lock:
            body = self._files.get(key)
            if body is not None:
                self._files.move_to_end(key)
                done: Future = Future()
                done.set_result(body)
                return done
            running = self._rendering.get(key)
            if running is not None:
                return running
            outer: Future = Future()
            self._rendering[key] = outer
            try:
                inner = self._worker_pool().submit(render_masked, doc.to_dict(), fmt)
            except Exception as exc:  # a pool that cannot start: this download gets the 503 page
                self._rendering.pop(key, None)
                outer.set_exception(exc)
                return outer

        def finished(inner: Future) -> None:
            try:
                body = inner.result()
            except BaseException as exc:  # noqa: BLE001 — handed to the waiting downloads
                if isinstance(exc, BrokenProcessPool):  # the worker died: the next render starts a new one
                    with self._lock:
                        self._pool = None
                self._forget_running(key)
                outer.set_exception(exc)
                return
            self.renders += 1
            self._put(key, body)
            self._forget_running(key)
            outer.set_result(body)

        inner.add_done_callback(finished)
        return outer

    def _forget_running(self, key: str) -> None:
        with self._lock:
            self._rendering.pop(key, None)


class LinkLimiter:
    """At most `per_minute` files a minute per link (case id), in this process; links idle for a minute are
    forgotten, so the table stays as small as the links in use."""

    def __init__(self, per_minute: int = LINK_DOWNLOADS_PER_MINUTE, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, link: str, now: float | None = None) -> bool:
        at = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) > 10_000:
                for old in [k for k, q in self._hits.items() if not q or q[-1] <= at - self.window]:
                    del self._hits[old]
            hits = self._hits.setdefault(link, deque())
            while hits and hits[0] <= at - self.window:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return False
            hits.append(at)
            return True


_TOO_MANY: Reply | None = None


def too_many() -> Reply:
    """The 429 page (built once: a looping client gets it hundreds of times a second)."""
    global _TOO_MANY
    if _TOO_MANY is None:
        reply = _html(429, page.ERR_TOO_MANY)
        _TOO_MANY = Reply(reply.status, reply.body, reply.content_type, {**reply.headers, "Retry-After": "60"})
    return _TOO_MANY


_paused = 0  # refusals pausing now, in this process's event loop


async def refusal_pause() -> None:
    """Holds a refusal for REFUSAL_DELAY_S before it is answered (see the module docstring)."""
    global _paused
    if _paused >= MAX_PAUSED or REFUSAL_DELAY_S <= 0:
        return
    _paused += 1
    try:
        await asyncio.sleep(REFUSAL_DELAY_S)
    finally:
        _paused -= 1


_cache: RenderCache | None = None
_limiter: LinkLimiter | None = None


def render_cache() -> RenderCache:
    global _cache
    if _cache is None:
        _cache = RenderCache()
    return _cache


def link_limiter() -> LinkLimiter:
    global _limiter
    if _limiter is None:
        from bot.config import settings

        _limiter = LinkLimiter(settings().download_per_link_minute)
    return _limiter


async def file_reply_async(doc: Document, fmt: str, cache: RenderCache | None = None) -> Reply:
    """The file, from the cache or rendered once on the render pool; the event loop only waits."""
    try:
        body = await asyncio.wrap_future((cache or render_cache()).submit(doc, fmt))
    except Exception:
        return _unavailable(fmt)
    return _attachment(doc, fmt, body)
