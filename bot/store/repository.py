"""Repository API of the case store: the only code that reads or writes its tables.

Each method is one unit of work (its own transaction) and returns frozen records, never ORM objects, so
callers (actions, channels, the console) hold no session. Every free-text value (letters, reasons, bank
names, JSON plans and details) goes through `bot.privacy.mask_text` / `mask_value` before it is written.
Identifiers are not masked: `sender_id` is the key that `forget` deletes by, so channels must not use a
phone number as a sender id (WeChat's openid and the widget's random id are fine).

    from bot.store.repository import open_store
    store = open_store()                      # configured case store; run migrate.upgrade() at start
    case = store.cases.add_case("wx-o6_bm", channel="wechat", banks=["民生银行"],
                                total_debt=Decimal("52000.00"), periods=60,
                                monthly_payment=Decimal("866.67"), feasible=True, plan={...}, letter="…")

Times default to now (UTC); every method that depends on the clock takes `now=` for tests.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.store.db import connect, default_url, get_engine, session_scope, sqlite_path
from bot.store.models import (
    HANDOFF_STATUSES,
    AuditEvent,
    Case,
    HandoffRequest,
    StaffSession,
    StaffUser,
    utcnow,
    yuan_to_fen,
)

logger = logging.getLogger(__name__)

MAX_LIST = 500


# ---------------------------------------------------------------- masking


def _mask_text(text: str) -> str:
    # imported when used: bot.privacy is the single masking rule for the tracker, the store and the logs
    from bot.privacy import mask_text

    return mask_text(text)


def _mask_json(value: Any) -> Any:
    from bot.privacy import mask_value

    return mask_value(_mask_long_ints(to_jsonable(value)))


def _mask_long_ints(value: Any) -> Any:
    # mask_value leaves numbers alone, but a console form may well send a phone or card number as a
    # JSON number; such an int becomes its masked string, any other number stays a number
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**10:
        from bot.privacy import mask_text

        masked = mask_text(str(value))
        return value if masked == str(value) else masked
    if isinstance(value, dict):
        return {k: _mask_long_ints(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask_long_ints(v) for v in value]
    return value


def to_jsonable(value: Any) -> Any:
    """`value` as plain JSON data: Decimal → its exact string ("866.67"), dates → ISO 8601."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    raise TypeError(f"cannot store a {type(value).__name__} as JSON")


def _required(name: str, value: str, max_len: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} is empty")
    if len(value) > max_len:
        raise ValueError(f"{name} is longer than {max_len} characters")
    return value


def _limit(limit: int) -> int:
    return max(1, min(int(limit), MAX_LIST))


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class CaseRecord:
    id: str
    sender_id: str
    channel: str
    created_at: datetime
    banks: tuple[str, ...]
    total_debt: Decimal  # 元, two places
    periods: int
    monthly_payment: Decimal  # 元 per month, two places
    feasible: bool
    plan: dict
    letter: str

    @classmethod
    def of(cls, row: Case) -> CaseRecord:
        return cls(
            id=row.id, sender_id=row.sender_id, channel=row.channel, created_at=row.created_at,
            banks=tuple(row.banks), total_debt=row.total_debt, periods=row.periods,
            monthly_payment=row.monthly_payment, feasible=row.feasible, plan=row.plan, letter=row.letter,
        )


@dataclass(frozen=True)
class HandoffRecord:
    id: int
    sender_id: str
    channel: str
    reason: str
    created_at: datetime
    status: str

    @classmethod
    def of(cls, row: HandoffRequest) -> HandoffRecord:
        return cls(row.id, row.sender_id, row.channel, row.reason, row.created_at, row.status)


@dataclass(frozen=True)
class AuditRecord:
    id: int
    created_at: datetime
    staff_username: str
    action: str
    detail: dict
    sender_id: str | None
    case_id: str | None
    subject_forgotten: bool

    @classmethod
    def of(cls, row: AuditEvent) -> AuditRecord:
        return cls(
            row.id, row.created_at, row.staff_username, row.action, row.detail, row.sender_id,
            row.case_id, row.subject_forgotten,
        )


@dataclass(frozen=True)
class StaffUserRecord:
    id: int
    username: str
    created_at: datetime


# ---------------------------------------------------------------- repositories


class _Repository:
    def __init__(self, engine: Engine | None = None) -> None:
        # None: the configured case store, resolved on first use (never at import or construction)
        self._engine = engine

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = get_engine()
        return self._engine

    def _session(self):
        return session_scope(self.engine)


class CaseRepository(_Repository):
    """Drafted repayment plans (还款计划) with their application letters."""

    def add_case(
        self,
        sender_id: str,
        *,
        channel: str,
        banks: str | Iterable[str],
        total_debt: Decimal | int | str,
        periods: int,
        monthly_payment: Decimal | int | str,
        feasible: bool,
        plan: Mapping[str, Any],
        letter: str,
        now: datetime | None = None,
    ) -> CaseRecord:
        """Stores a plan. Money in 元 (Decimal, exact to the fen); `periods` in months."""
        bank_list = [banks] if isinstance(banks, str) else list(banks)
        if isinstance(periods, bool) or int(periods) != periods or periods < 1:
            raise ValueError(f"periods must be a whole number of months ≥ 1, not {periods!r}")
        # raise a plain ValueError here rather than a StatementError from inside the flush
        yuan_to_fen(total_debt), yuan_to_fen(monthly_payment)
        row = Case(
            sender_id=_required("sender_id", sender_id, 255),
            channel=_mask_text(_required("channel", channel, 32)),
            created_at=now or utcnow(),
            banks=[_mask_text(str(b)) for b in bank_list],
            total_debt=total_debt,
            periods=int(periods),
            monthly_payment=monthly_payment,
            feasible=bool(feasible),
            plan=_mask_json(dict(plan)),
            letter=_mask_text(letter),
        )
        with self._session() as session:
            session.add(row)
            session.flush()
            session.refresh(row)
            return CaseRecord.of(row)

    def get_case(self, case_id: str, *, sender_id: str | None = None) -> CaseRecord | None:
        """The case, or None. With `sender_id`, None unless the case is that sender's (letter downloads)."""
        with self._session() as session:
            row = session.get(Case, case_id)
            if row is None or (sender_id is not None and row.sender_id != sender_id):
                return None
            return CaseRecord.of(row)

    def list_cases_for(self, sender_id: str, *, limit: int = 50) -> list[CaseRecord]:
        """The sender's cases, newest first."""
        stmt = (
            sa.select(Case)
            .where(Case.sender_id == sender_id)
            .order_by(Case.created_at.desc(), Case.id)
            .limit(_limit(limit))
        )
        with self._session() as session:
            return [CaseRecord.of(row) for row in session.execute(stmt).scalars()]


class HandoffRepository(_Repository):
    """Requests for a person (转人工): open → in_progress → closed."""

    def request(
        self, sender_id: str, *, channel: str, reason: str, now: datetime | None = None
    ) -> HandoffRecord:
        row = HandoffRequest(
            sender_id=_required("sender_id", sender_id, 255),
            channel=_mask_text(_required("channel", channel, 32)),
            reason=_mask_text(reason or ""),
            created_at=now or utcnow(),
            status="open",
        )
        with self._session() as session:
            session.add(row)
            session.flush()
            return HandoffRecord.of(row)

    def get(self, handoff_id: int) -> HandoffRecord | None:
        with self._session() as session:
            row = session.get(HandoffRequest, handoff_id)
            return None if row is None else HandoffRecord.of(row)

    def list_for(self, sender_id: str, *, limit: int = 50) -> list[HandoffRecord]:
        """The sender's requests, newest first."""
        stmt = (
            sa.select(HandoffRequest)
            .where(HandoffRequest.sender_id == sender_id)
            .order_by(HandoffRequest.created_at.desc(), HandoffRequest.id.desc())
            .limit(_limit(limit))
        )
        with self._session() as session:
            return [HandoffRecord.of(row) for row in session.execute(stmt).scalars()]

    def list_open(self, *, limit: int = 50) -> list[HandoffRecord]:
        """Requests not closed yet, oldest first (the queue staff work through)."""
        stmt = (
            sa.select(HandoffRequest)
            .where(HandoffRequest.status != "closed")
            .order_by(HandoffRequest.created_at, HandoffRequest.id)
            .limit(_limit(limit))
        )
        with self._session() as session:
            return [HandoffRecord.of(row) for row in session.execute(stmt).scalars()]

    def set_status(self, handoff_id: int, status: str) -> HandoffRecord | None:
        if status not in HANDOFF_STATUSES:
            raise ValueError(f"status must be one of {', '.join(HANDOFF_STATUSES)}, not {status!r}")
        with self._session() as session:
            row = session.get(HandoffRequest, handoff_id)
            if row is None:
                return None
            row.status = status
            return HandoffRecord.of(row)


class AuditRepository(_Repository):
    """The staff console's audit log: who did what, when, about which cardholder or case."""

    def record(
        self,
        staff_username: str,
        action: str,
        detail: Mapping[str, Any] | None = None,
        *,
        sender_id: str | None = None,
        case_id: str | None = None,
        now: datetime | None = None,
    ) -> AuditRecord:
        row = AuditEvent(
            staff_username=_required("staff_username", staff_username, 64),
            action=_mask_text(_required("action", action, 64)),
            detail=_mask_json(dict(detail or {})),
            sender_id=sender_id or None,
            case_id=case_id or None,
            subject_forgotten=False,
            created_at=now or utcnow(),
        )
        with self._session() as session:
            session.add(row)
            session.flush()
            return AuditRecord.of(row)

    def list_recent(
        self, limit: int = 50, *, staff_username: str | None = None, sender_id: str | None = None
    ) -> list[AuditRecord]:
        """Newest first, optionally only one staff member's or about one cardholder."""
        stmt = sa.select(AuditEvent)
        if staff_username is not None:
            stmt = stmt.where(AuditEvent.staff_username == staff_username)
        if sender_id is not None:
            stmt = stmt.where(AuditEvent.sender_id == sender_id)
        stmt = stmt.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(_limit(limit))
        with self._session() as session:
            return [AuditRecord.of(row) for row in session.execute(stmt).scalars()]


# ---------------------------------------------------------------- staff accounts and sessions

PASSWORD_SCHEME = "pbkdf2_sha256"
# OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.15 s per check on the CI machine
DEFAULT_PASSWORD_ITERATIONS = 600_000
MIN_PASSWORD_ITERATIONS = 200_000
DEFAULT_SESSION_TTL = timedelta(minutes=30)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str, *, iterations: int = DEFAULT_PASSWORD_ITERATIONS) -> str:
    """`pbkdf2_sha256$<iterations>$<salt>$<hash>` (base64), with a fresh 16-byte salt."""
    if iterations < MIN_PASSWORD_ITERATIONS:
        raise ValueError(f"at least {MIN_PASSWORD_ITERATIONS} PBKDF2 iterations, not {iterations}")
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return f"{PASSWORD_SCHEME}${iterations}${_b64(salt)}${_b64(digest)}"


def check_password(password: str, encoded: str) -> bool:
    """True when `password` matches `encoded` (constant-time comparison); False for a malformed hash."""
    try:
        scheme, iterations, salt, digest = encoded.split("$")
        if scheme != PASSWORD_SCHEME:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac(
            "sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _password_iterations(encoded: str) -> int:
    try:
        return int(encoded.split("$")[1])
    except (IndexError, ValueError):
        return 0


def hash_token(token: str) -> str:
    # a session token is 256 random bits, so a fast hash suffices; the database never holds the token
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class StaffRepository(_Repository):
    """Console users (passwords as salted PBKDF2 hashes) and their sessions (token hashes only)."""

    def __init__(self, engine: Engine | None = None, *, iterations: int = DEFAULT_PASSWORD_ITERATIONS):
        super().__init__(engine)
        if iterations < MIN_PASSWORD_ITERATIONS:
            raise ValueError(f"at least {MIN_PASSWORD_ITERATIONS} PBKDF2 iterations, not {iterations}")
        self.iterations = iterations
        self._dummy_hash: str | None = None

    def ensure_user(self, username: str, password: str, *, now: datetime | None = None) -> StaffUserRecord:
        """Creates the user, or sets a new password when it differs (credentials come from the
        environment at start, which is the truth). A password change ends the user's sessions."""
        _required("username", username, 64)
        if not password:
            raise ValueError("password is empty")
        with self._session() as session:
            user = session.execute(
                sa.select(StaffUser).where(StaffUser.username == username)
            ).scalar_one_or_none()
            if user is None:
                user = StaffUser(
                    username=username,
                    password_hash=hash_password(password, iterations=self.iterations),
                    created_at=now or utcnow(),
                )
                session.add(user)
                session.flush()
            elif not check_password(password, user.password_hash):
                user.password_hash = hash_password(password, iterations=self.iterations)
                session.execute(sa.delete(StaffSession).where(StaffSession.username == username))
            return StaffUserRecord(user.id, user.username, user.created_at)

    def verify(self, username: str, password: str) -> bool:
        """True when the password is right. Hashes even for an unknown user, so timing does not tell
        which usernames exist; rehashes a stored hash made with fewer iterations than configured."""
        with self._session() as session:
            user = session.execute(
                sa.select(StaffUser).where(StaffUser.username == username)
            ).scalar_one_or_none()
            if user is None:
                if self._dummy_hash is None:
                    self._dummy_hash = hash_password(secrets.token_hex(8), iterations=self.iterations)
                check_password(password, self._dummy_hash)
                return False
            if not check_password(password, user.password_hash):
                return False
            if _password_iterations(user.password_hash) < self.iterations:
                user.password_hash = hash_password(password, iterations=self.iterations)
            return True

    def create_session(
        self, username: str, *, ttl: timedelta = DEFAULT_SESSION_TTL, now: datetime | None = None
    ) -> str:
        """A new session token for the cookie (returned once; only its hash is stored).
        The session ends `ttl` after creation (absolute, not sliding). Raises LookupError for an
        unknown user."""
        now = now or utcnow()
        token = secrets.token_urlsafe(32)
        with self._session() as session:
            exists = session.execute(
                sa.select(StaffUser.id).where(StaffUser.username == username)
            ).scalar_one_or_none()
            if exists is None:
                raise LookupError(f"no staff user {username!r}")
            session.add(
                StaffSession(token_hash=hash_token(token), username=username, created_at=now,
                             expires_at=now + ttl)
            )
        return token

    def validate_session(self, token: str | None, *, now: datetime | None = None) -> str | None:
        """The username of a live session, or None (unknown, revoked or expired; an expired one is
        deleted on the way)."""
        if not token:
            return None
        now = now or utcnow()
        with self._session() as session:
            row = session.get(StaffSession, hash_token(token))
            if row is None:
                return None
            if row.expires_at <= now:
                session.delete(row)
                return None
            return row.username

    def revoke_session(self, token: str) -> bool:
        """Logs out; True when there was such a session."""
        with self._session() as session:
            result = session.execute(sa.delete(StaffSession).where(StaffSession.token_hash == hash_token(token)))
            return result.rowcount > 0

    def revoke_sessions_for(self, username: str) -> int:
        with self._session() as session:
            return session.execute(sa.delete(StaffSession).where(StaffSession.username == username)).rowcount

    def expire_sessions(self, *, now: datetime | None = None) -> int:
        """Deletes every expired session (housekeeping); returns how many."""
        now = now or utcnow()
        with self._session() as session:
            return session.execute(sa.delete(StaffSession).where(StaffSession.expires_at <= now)).rowcount


# ---------------------------------------------------------------- the whole store


@dataclass(frozen=True)
class Store:
    cases: CaseRepository
    handoffs: HandoffRepository
    audit: AuditRepository
    staff: StaffRepository


def open_store(url: str | None = None, *, engine: Engine | None = None) -> Store:
    """The four repositories over one engine (default: the configured case store, created lazily)."""
    if engine is None and url is not None:
        engine = get_engine(url)
    return Store(CaseRepository(engine), HandoffRepository(engine), AuditRepository(engine),
                 StaffRepository(engine))


# ---------------------------------------------------------------- forget (个人信息保护法 第47条)


def forget(sender_id: str, case_db_url: str | None = None, tracker_db_url: str | None = None) -> dict:
    """Deletes everything kept about one cardholder (conversation id `sender_id`) and says what.

    - Rasa tracker store: every row of `events` with that `sender_id` (if the database and table exist);
    - case store: their cases and handoff requests;
    - audit log: rows about them are kept, because they record what a staff member did, but their
      `sender_id`, `case_id` and `detail` (which may quote the cardholder) are blanked and
      `subject_forgotten` is set. This keeps staff accountability without keeping the person.

    Returns `{"tracker_events": n, "cases": n, "handoffs": n, "audit_events_redacted": n}`.
    Idempotent: run again after a failure halfway (the two stores are separate databases, so the
    deletion is not one transaction). Never creates a database that does not exist.
    """
    if not isinstance(sender_id, str) or not sender_id.strip():
        raise ValueError("sender_id is empty")
    counts = {"tracker_events": _forget_tracker_events(sender_id, tracker_db_url)}
    counts.update(_forget_cases(sender_id, case_db_url))
    logger.info("forgot a cardholder: %s", counts)  # no sender id in the log, on purpose
    return counts


def _forget_cases(sender_id: str, url: str | None) -> dict:
    counts = {"cases": 0, "handoffs": 0, "audit_events_redacted": 0}
    url = url or default_url()
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return counts
    engine = get_engine(url)
    with connect(engine) as conn, conn.begin():
        tables = set(sa.inspect(conn).get_table_names())
        if "audit_events" in tables:
            case_ids = (
                sa.select(Case.id).where(Case.sender_id == sender_id).scalar_subquery()
                if "cases" in tables else None
            )
            about = AuditEvent.sender_id == sender_id
            if case_ids is not None:
                about = about | AuditEvent.case_id.in_(case_ids)
            counts["audit_events_redacted"] = conn.execute(
                sa.update(AuditEvent.__table__)
                .where(about)
                .values(sender_id=None, case_id=None, detail={}, subject_forgotten=True)
            ).rowcount
        if "cases" in tables:
            counts["cases"] = conn.execute(
                sa.delete(Case.__table__).where(Case.sender_id == sender_id)
            ).rowcount
        if "handoff_requests" in tables:
            counts["handoffs"] = conn.execute(
                sa.delete(HandoffRequest.__table__).where(HandoffRequest.sender_id == sender_id)
            ).rowcount
    return counts


def _forget_tracker_events(sender_id: str, url: str | None) -> int:
    if url is None:
        from bot.config import settings

        url = settings().tracker_db_url
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return 0
    # a plain engine: Rasa owns this database, so none of the case store's SQLite pragmas
    engine = sa.create_engine(url, future=True)
    try:
        # Rasa puts its tables in this schema on PostgreSQL when the variable is set
        schema = os.environ.get("POSTGRESQL_SCHEMA") if engine.dialect.name == "postgresql" else None
        with connect(engine, "tracker store", "KAYOU_TRACKER_DB_URL") as conn, conn.begin():
            if not sa.inspect(conn).has_table("events", schema=schema):
                return 0
            events = sa.table("events", sa.column("sender_id"), schema=schema)
            return conn.execute(sa.delete(events).where(events.c.sender_id == sender_id)).rowcount
    finally:
        engine.dispose()
