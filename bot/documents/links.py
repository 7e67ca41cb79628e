"""Signed, expiring links to a drafted plan's documents (the letter PDF/DOCX and the schedule).

A link is ``documents/<case_id>?e=<expiry unix seconds>&s=<signature>``: the signature is
HMAC-SHA256(secret, "<case_id>.<expiry>") in URL-safe base64. It is the only key to the documents (a
WeChat browser has no session), so it is checked in constant time, refused once expired and refused when
its expiry lies further ahead than the longest lifetime (a forged far-future link with a leaked old
signature cannot exist, but a link signed with a longer lifetime by mistake is refused too).

The secret is ``KAYOU_DOWNLOAD_SECRET``; when unset, a random one is generated once into
``$KAYOU_VAR_DIR/download_secret`` (mode 0600), shared by the action server (which signs) and the Rasa
server (which checks) on one host. Several hosts must set the variable.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from pathlib import Path
from urllib.parse import urlencode

from bot.config import settings

SECRET_FILE = "download_secret"
MIN_SECRET_CHARS = 32


def _secret() -> bytes:
    cfg = settings()
    if cfg.download_secret:
        if len(cfg.download_secret) < MIN_SECRET_CHARS:
            raise ValueError(f"KAYOU_DOWNLOAD_SECRET must be at least {MIN_SECRET_CHARS} characters")
        return cfg.download_secret.encode()
    path = Path(cfg.var_dir) / SECRET_FILE
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32).encode()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it first: use theirs
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(value)
    return value


def pseudonym(purpose: str, value: str) -> str:
    """HMAC(secret, purpose:value), 32 hex characters: a stable key for counting one client (the handoff
    flood limit) that does not reveal its address to whoever reads the store."""
    return hmac.new(_secret(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def signature(case_id: str, expires: int) -> str:
    mac = hmac.new(_secret(), f"{case_id}.{expires}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode().rstrip("=")


def signed_query(case_id: str, *, now: float | None = None, ttl_seconds: int | None = None) -> tuple[str, int]:
    """(query string ``e=…&s=…``, expiry) for the documents of ``case_id``."""
    ttl = ttl_seconds if ttl_seconds is not None else settings().download_ttl_hours * 3600
    expires = int((time.time() if now is None else now) + ttl)
    return urlencode({"e": expires, "s": signature(case_id, expires)}), expires


def verify(case_id: str, expires: str | None, sig: str | None, *, now: float | None = None) -> str | None:
    """None when the link is valid, else the reason ("missing", "malformed", "expired", "bad_signature")."""
    if not expires or not sig:
        return "missing"
    if not expires.isdigit() or len(expires) > 12 or len(sig) > 100:
        return "malformed"
    moment = time.time() if now is None else now
    deadline = int(expires)
    # the signature first, in constant time: an attacker learns nothing from the order of the checks
    good = hmac.compare_digest(signature(case_id, deadline).encode(), sig.encode())
    if not good:
        return "bad_signature"
    if deadline < moment:
        return "expired"
    if deadline - moment > settings().download_ttl_hours * 3600 + 60:
        return "malformed"
    return None


def public_base() -> str:
    """The bot's public origin for links sent outside the widget (WeChat): KAYOU_PUBLIC_URL, else the
    address `make run` listens on."""
    cfg = settings()
    if cfg.public_url:
        return cfg.public_url.rstrip("/")
    host = os.environ.get("KAYOU_HOST") or "127.0.0.1"
    port = os.environ.get("RASA_PORT") or "5005"
    return f"http://{host}:{port}"
