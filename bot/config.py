"""Configuration read from the environment, in one place.

Every variable is documented in `.env.example`. Values are read when a `Settings` is built
(`settings()`), never at import time, so tests can change the environment.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _flag(name: str) -> bool:
    raw = (_env(name) or "0").strip().lower()
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be 1 or 0, not {raw!r}")


def _positive_int(name: str, default: int) -> int:
    raw = _env(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


@dataclass(frozen=True)
class Settings:
    # where runtime data lives (SQLite files, logs); outside the source tree and git-ignored
    var_dir: Path = field(default_factory=lambda: Path(_env("KAYOU_VAR_DIR", str(PROJECT_ROOT / "var"))))
    # SQLAlchemy URL of the case store; SQLite file under var_dir by default
    case_db_url: str | None = field(default_factory=lambda: _env("KAYOU_CASE_DB_URL"))
    # WeChat Official Account
    wechat_token: str | None = field(default_factory=lambda: _env("WECHAT_TOKEN"))
    wechat_app_id: str | None = field(default_factory=lambda: _env("WECHAT_APP_ID"))
    wechat_aes_key: str | None = field(default_factory=lambda: _env("WECHAT_AES_KEY"))
    wechat_app_secret: str | None = field(default_factory=lambda: _env("WECHAT_APP_SECRET"))
    wechat_api_base: str = field(
        default_factory=lambda: _env("WECHAT_API_BASE", "https://api.weixin.qq.com")
    )
    # WeChat waits 5 s for a passive reply; past this we answer "success" and push the reply later
    wechat_reply_timeout: float = field(
        default_factory=lambda: float(_env("WECHAT_REPLY_TIMEOUT", "4.5"))
    )
    redis_url: str | None = field(default_factory=lambda: _env("KAYOU_REDIS_URL"))
    # the operator's word that one Rasa process serves everything: allows a tracker store on a database
    # server without KAYOU_REDIS_URL (bot.store.locks refuses that set-up otherwise)
    single_replica: bool = field(default_factory=lambda: _flag("KAYOU_SINGLE_REPLICA"))
    # staff console: one account from the environment; the password is hashed into the case store at
    # start (bot.channels.console) and never shown in a repr or a log
    staff_user: str | None = field(default_factory=lambda: _env("KAYOU_STAFF_USER"))
    staff_password: str | None = field(default_factory=lambda: _env("KAYOU_STAFF_PASSWORD"), repr=False)
    # a console session ends after KAYOU_SESSION_IDLE_MINUTES without the agent doing anything, and
    # at the latest KAYOU_SESSION_TTL_MINUTES after the login (a shift)
    session_ttl_minutes: int = field(
        default_factory=lambda: _positive_int("KAYOU_SESSION_TTL_MINUTES", 600)
    )
    session_idle_minutes: int = field(
        default_factory=lambda: _positive_int("KAYOU_SESSION_IDLE_MINUTES", 15)
    )
    # role of the KAYOU_STAFF_USER bootstrap account: agent | supervisor (named accounts get theirs
    # from `python -m bot staff add --role`)
    staff_role: str = field(default_factory=lambda: _env("KAYOU_STAFF_ROLE", "agent"))
    # reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (addresses or networks,
    # comma-separated); unset: none, the socket peer is the client (bot.channels.proxy)
    trusted_proxies: str | None = field(default_factory=lambda: _env("KAYOU_TRUSTED_PROXIES"))

    # signed, expiring document links (issue 13; bot/documents/links.py): the HMAC key (generated into
    # var_dir/download_secret when unset), the public base URL the WeChat links start with, their lifetime
    download_secret: str | None = field(default_factory=lambda: _env("KAYOU_DOWNLOAD_SECRET"), repr=False)
    public_url: str | None = field(default_factory=lambda: _env("KAYOU_PUBLIC_URL"))
    download_ttl_hours: int = field(default_factory=lambda: _positive_int("KAYOU_DOWNLOAD_TTL_HOURS", 24))
    # files one download link may serve per minute (per process; 429 past it): bot.documents.serve
    download_per_link_minute: int = field(
        default_factory=lambda: _positive_int("KAYOU_DOWNLOAD_PER_LINK_MINUTE", 12)
    )
    # the TrueType font (.ttf/.ttc) embedded in PDFs; unset: Debian's fonts-wqy-zenhei / Noto CJK
    pdf_font: str | None = field(default_factory=lambda: _env("KAYOU_PDF_FONT"))
    # handoff desk (bot.handoff): when a person answers, said honestly to the cardholder
    handoff_hours: str = field(default_factory=lambda: _env("KAYOU_HANDOFF_HOURS", "09:00-18:00"))
    handoff_days: str = field(default_factory=lambda: _env("KAYOU_HANDOFF_DAYS", "1-5"))
    handoff_tz: str = field(default_factory=lambda: _env("KAYOU_HANDOFF_TZ", "Asia/Shanghai"))
    # flood limits of 「转人工」 (bot.handoff.FloodLimits): tickets one client address (IPv6: its /64) may file
    # per hour, and one conversation per day; past them the bot says so and keeps helping
    handoff_per_address_hour: int = field(
        default_factory=lambda: _positive_int("KAYOU_HANDOFF_PER_ADDRESS_HOUR", 5)
    )
    handoff_per_conversation_day: int = field(
        default_factory=lambda: _positive_int("KAYOU_HANDOFF_PER_CONVERSATION_DAY", 3)
    )
    # how often the widget asks for the agent's messages while a person handles its conversation
    widget_poll_seconds: int = field(default_factory=lambda: _positive_int("KAYOU_WIDGET_POLL_SECONDS", 3))

    # sites allowed to frame the widget page (CSP frame-ancestors), space-separated; default 'self'
    widget_frame_ancestors: str | None = field(default_factory=lambda: _env("KAYOU_WIDGET_FRAME_ANCESTORS"))

    tracker_db_url_env: str | None = field(default_factory=lambda: _env("KAYOU_TRACKER_DB_URL"))

    # --- deployment surface (bot.serve) ---
    # Rasa's HTTP API (trackers, /model): off unless an operator switches it on, then loopback + token only
    enable_api: bool = field(default_factory=lambda: _flag("KAYOU_ENABLE_API"))
    api_token: str | None = field(default_factory=lambda: _env("KAYOU_API_TOKEN"), repr=False)
    # request bodies of the Rasa server (channels): a chat message is a few KB; Sanic's default is 100 MB
    max_request_bytes: int = field(default_factory=lambda: _positive_int("KAYOU_MAX_REQUEST_BYTES", 1 << 20))
    # the action server receives whole trackers (a long session is a few MB); also the most a deflate
    # body may inflate to
    action_host: str = field(default_factory=lambda: _env("ACTION_HOST", "127.0.0.1"))
    action_max_request_bytes: int = field(
        default_factory=lambda: _positive_int("ACTION_MAX_REQUEST_BYTES", 16 << 20)
    )

    def __post_init__(self) -> None:
        # a malformed KAYOU_HANDOFF_* is a deployment error: refused at start (bot.serve), never a wrong
        # promise to a cardholder about when a person answers
        from bot.handoff import working_hours

        working_hours(self.handoff_hours, self.handoff_days, self.handoff_tz)

    @property
    def default_case_db_url(self) -> str:
        return self.case_db_url or f"sqlite:///{self.var_dir / 'cases.db'}"

    @property
    def tracker_db_url(self) -> str:
        """Rasa's tracker store: KAYOU_TRACKER_DB_URL, else SQLite under var_dir."""
        return self.tracker_db_url_env or f"sqlite:///{self.var_dir / 'tracker.db'}"


def settings() -> Settings:
    return Settings()


PRIVATE_UMASK = 0o077


def make_private(var_dir: str | None = None) -> None:
    """Files of this process readable by its account only (umask 077), and KAYOU_VAR_DIR's existing
    contents too: the directory 0700, every file in it 0600. The servers (bot.serve) and the command line
    (python -m bot …) call it first: a `staff add` run with the shell's umask 022 created var/ and cases.db
    (password hashes, audit log, complaints) world-readable (issue 22). Never creates the directory."""
    import stat
    from pathlib import Path

    os.umask(PRIVATE_UMASK)
    # not settings(): a malformed unrelated variable must not stop this (the command reports it itself)
    root = Path(var_dir or _env("KAYOU_VAR_DIR", str(PROJECT_ROOT / "var")))
    if not root.is_dir():
        return
    for path in [root, *root.rglob("*")]:
        try:
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                continue
            wanted = 0o700 if stat.S_ISDIR(mode) else 0o600
            if stat.S_IMODE(mode) & 0o077:
                path.chmod(stat.S_IMODE(mode) & wanted)
        except OSError:  # another account's file, or gone meanwhile: left as it is
            continue
