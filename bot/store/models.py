"""Tables of the case store: drafted plans, handoff requests, and the staff console's users, sessions
and audit log.

Conventions:
- money is stored as integer fen (分) in BIGINT columns named `*_fen` and read back as `Decimal` yuan
  with two places (`Money`; the attribute drops the suffix: `Case.total_debt` is column `total_debt_fen`);
  never a float, so 52000.01 元 stays 52000.01 元 on SQLite and PostgreSQL;
- times are stored in UTC and read back timezone-aware (`UtcDateTime`);
- free text (letters, reasons, JSON details) is masked by the repository layer before it is written,
  not here, so a raw write through these classes is not masked (see `bot.store.repository`).
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation

import sqlalchemy as sa
from sqlalchemy.orm import declarative_base

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Base = declarative_base(metadata=sa.MetaData(naming_convention=NAMING_CONVENTION))

FEN_PER_YUAN = 100
_FEN = Decimal("0.01")

HANDOFF_STATUSES = ("open", "in_progress", "closed")
# how an agent closed a ticket (转人工工单的处理结果); labels in bot/handoff.py
HANDOFF_OUTCOMES = ("resolved", "plan_agreed", "referred", "callback", "no_response", "duplicate", "customer_left",
                    "customer_cancelled")
# who closed a ticket the cardholder withdrew (「取消人工」): not a staff account
CUSTOMER_ACTOR = "customer"
# handoff_requests.priority: an ordinary ticket, and one of a conversation in which distress was expressed
PRIORITY_NORMAL = 0
PRIORITY_DISTRESS = 1
# who wrote a message of a handoff: the agent, or the system (「客服已接入」「人工服务已结束」)
HANDOFF_AUTHORS = ("agent", "system")
# an internal note on a ticket (bot.store.models.HandoffNote.kind)
HANDOFF_NOTE_KINDS = ("note", "transfer")
# staff console roles (issue 15 gives the supervisor the audit view)
STAFF_ROLES = ("agent", "supervisor")


def yuan_to_fen(amount: Decimal | int | str | float) -> int:
    """Whole fen (分) in `amount` 元. Exact: an amount finer than 1 fen raises instead of rounding.

    A float is accepted only when its shortest repr has at most two decimals (866.67 → 86667 fen);
    the finance engine rounds (half-up, to the fen) before anything is stored, the store never does.
    """
    if isinstance(amount, bool):
        raise TypeError("money must be a Decimal, int or str amount in yuan, not bool")
    if isinstance(amount, float):
        amount = repr(amount)
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"not an amount of money: {amount!r}") from None
    if not value.is_finite():
        raise ValueError(f"not an amount of money: {amount!r}")
    if value != value.quantize(_FEN):
        raise ValueError(f"{amount} 元 is not a whole number of fen; round it (half-up) before storing")
    return int(value * FEN_PER_YUAN)


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(int(fen)) / FEN_PER_YUAN).quantize(_FEN)


class Money(sa.types.TypeDecorator):
    """`Decimal` yuan in Python, BIGINT fen in the database."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else yuan_to_fen(value)

    def process_result_value(self, value, dialect):
        return None if value is None else fen_to_yuan(value)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UtcDateTime(sa.types.TypeDecorator):
    """Aware UTC datetimes in Python; TIMESTAMPTZ on PostgreSQL, UTC text on SQLite (which has no zone)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass an aware one (e.g. datetime.now(timezone.utc))")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


def new_case_id() -> str:
    # random, not sequential: the widget fetches a letter by case id, which must not be guessable
    return uuid.uuid4().hex


class Case(Base):
    """A drafted repayment plan (还款计划) and the application letter (个性化分期申请书) sent with it."""

    __tablename__ = "cases"

    id = sa.Column(sa.String(32), primary_key=True, default=new_case_id)
    sender_id = sa.Column(sa.String(255), nullable=False)
    channel = sa.Column(sa.String(32), nullable=False)
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)
    banks = sa.Column(sa.JSON, nullable=False)  # list of bank names, e.g. ["民生银行", "招商银行"]
    total_debt = sa.Column("total_debt_fen", Money(), nullable=False)
    periods = sa.Column(sa.Integer, nullable=False)
    monthly_payment = sa.Column("monthly_payment_fen", Money(), nullable=False)
    feasible = sa.Column(sa.Boolean(), nullable=False)
    plan = sa.Column(sa.JSON, nullable=False)  # the finance engine's plan, Decimals as strings
    letter = sa.Column(sa.Text, nullable=False)

    __table_args__ = (
        sa.CheckConstraint("total_debt_fen >= 0", name="total_debt_nonnegative"),
        sa.CheckConstraint("monthly_payment_fen >= 0", name="monthly_payment_nonnegative"),
        sa.CheckConstraint("periods > 0", name="periods_positive"),
        sa.Index(None, "sender_id", "created_at"),
    )


class Complaint(Base):
    """A complaint about abusive collection (bot/complaint.py), kept as the renderer's document so that the
    signed download link (bot/documents/) serves it as PDF/DOCX like a plan's letter. The id is random like
    a case's: the link names it."""

    __tablename__ = "complaints"

    id = sa.Column(sa.String(32), primary_key=True, default=new_case_id)
    sender_id = sa.Column(sa.String(255), nullable=False)
    channel = sa.Column(sa.String(32), nullable=False)
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)
    document = sa.Column(sa.JSON, nullable=False)  # bot.documents.model.Document.to_dict(), masked

    __table_args__ = (sa.Index(None, "sender_id", "created_at"),)


class HandoffRequest(Base):
    """A cardholder asked for a person (转人工)."""

    __tablename__ = "handoff_requests"

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    sender_id = sa.Column(sa.String(255), nullable=False)
    channel = sa.Column(sa.String(32), nullable=False)
    reason = sa.Column(sa.Text, nullable=False)
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)
    status = sa.Column(sa.String(16), nullable=False, default="open")
    # the agent who claimed it (a conditional UPDATE decides a race: `HandoffRepository.claim`)
    claimed_by = sa.Column(sa.String(64), nullable=True)
    claimed_at = sa.Column(UtcDateTime(), nullable=True)
    closed_by = sa.Column(sa.String(64), nullable=True)
    closed_at = sa.Column(UtcDateTime(), nullable=True)
    outcome = sa.Column(sa.String(32), nullable=True)
    note = sa.Column(sa.Text, nullable=True)  # the agent's closing note, masked
    # HMAC of the client address that filed it (never the address): the per-address flood limit
    client_key = sa.Column(sa.String(64), nullable=True)
    # PRIORITY_DISTRESS: first in the queue, flagged in the console (DOMAIN §7)
    priority = sa.Column(sa.Integer, nullable=False, default=0, server_default="0")

    __table_args__ = (
        sa.CheckConstraint("status IN ('open', 'in_progress', 'closed')", name="status_known"),
        sa.Index(None, "sender_id"),
        sa.Index(None, "status", "created_at"),
        sa.Index(None, "client_key", "created_at"),
        # one ticket not yet closed per conversation, guaranteed by the database (two requests at the
        # same moment, from two workers, cannot both insert one)
        sa.Index("uq_handoff_requests_open_sender", "sender_id", unique=True,
                 sqlite_where=sa.text("status != 'closed'"), postgresql_where=sa.text("status != 'closed'")),
    )


class HandoffMessage(Base):
    """What a person said to the cardholder during a handoff (and the system's 「已接入」「已结束」):
    the widget fetches these by its conversation id; WeChat gets them through the customer-service API."""

    __tablename__ = "handoff_messages"

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    handoff_id = sa.Column(
        sa.Integer, sa.ForeignKey("handoff_requests.id", ondelete="CASCADE"), nullable=False
    )
    sender_id = sa.Column(sa.String(255), nullable=False)  # the conversation, as the widget asks by it
    author = sa.Column(sa.String(16), nullable=False)
    staff_username = sa.Column(sa.String(64), nullable=True)
    text = sa.Column(sa.Text, nullable=False)  # masked
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)
    # widget: waits to be fetched; sent / failed: the WeChat API's answer
    delivery = sa.Column(sa.String(16), nullable=False)

    __table_args__ = (
        sa.CheckConstraint("author IN ('agent', 'system')", name="author_known"),
        sa.Index(None, "sender_id", "id"),
        sa.Index(None, "handoff_id"),
    )


class HandoffNote(Base):
    """An agent's internal note on a ticket (issue 21): never sent to the cardholder (the widget and WeChat
    read handoff_messages only), masked, audited. `kind` note: written by hand; transfer: the note that went
    with handing the ticket to a colleague or back to the queue."""

    __tablename__ = "handoff_notes"

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    handoff_id = sa.Column(
        sa.Integer, sa.ForeignKey("handoff_requests.id", ondelete="CASCADE"), nullable=False
    )
    sender_id = sa.Column(sa.String(255), nullable=False)  # so that forget deletes by the conversation
    staff_username = sa.Column(sa.String(64), nullable=False)
    kind = sa.Column(sa.String(16), nullable=False, default="note")
    text = sa.Column(sa.Text, nullable=False)  # masked
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint("kind IN ('note', 'transfer')", name="kind_known"),
        sa.Index(None, "handoff_id"),
        sa.Index(None, "sender_id"),
    )


class CannedReply(Base):
    """A reply the team keeps for the desk (issue 21), maintained by a supervisor and checked by the same
    forbidden-phrase rules as a reply before it is stored. Retired replies stay (`active` false) so the
    audit log's references keep meaning."""

    __tablename__ = "canned_replies"

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    title = sa.Column(sa.String(64), nullable=False)
    text = sa.Column(sa.Text, nullable=False)  # masked
    active = sa.Column(sa.Boolean(), nullable=False, default=True, server_default=sa.true())
    created_by = sa.Column(sa.String(64), nullable=False)
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)
    updated_by = sa.Column(sa.String(64), nullable=True)
    updated_at = sa.Column(UtcDateTime(), nullable=True)


class StaffUser(Base):
    """A named console account (`python -m bot staff add`). Never deleted: a disabled account keeps its
    name, so the audit log's `staff_username` always points at one person."""

    __tablename__ = "staff_users"

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    username = sa.Column(sa.String(64), nullable=False, unique=True)
    password_hash = sa.Column(sa.String(255), nullable=False)  # pbkdf2_sha256$iterations$salt$hash
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)
    role = sa.Column(sa.String(16), nullable=False, default="agent", server_default="agent")
    # set: the account cannot log in and has no session
    disabled_at = sa.Column(UtcDateTime(), nullable=True)
    # true: made from KAYOU_STAFF_USER at start, so owned by the environment (renaming it there
    # disables this one); false: managed with the staff command
    bootstrap = sa.Column(sa.Boolean(), nullable=False, default=False, server_default=sa.false())
    password_changed_at = sa.Column(UtcDateTime(), nullable=True)

    __table_args__ = (sa.CheckConstraint("role IN ('agent', 'supervisor')", name="role_known"),)


class StaffSession(Base):
    """A console login. Only the SHA-256 of the token is kept; the token itself lives in the cookie."""

    __tablename__ = "staff_sessions"

    token_hash = sa.Column(sa.String(64), primary_key=True)
    username = sa.Column(
        sa.String(64), sa.ForeignKey("staff_users.username", ondelete="CASCADE"), nullable=False
    )
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)
    expires_at = sa.Column(UtcDateTime(), nullable=False)

    __table_args__ = (sa.Index(None, "username"), sa.Index(None, "expires_at"))


class LoginThrottle(Base):
    """Login attempts per key, shared by every worker and replica (see `StaffRepository.reserve_login`):
    `pair:<user>|<address>` (exponential back-off) and `addr:<address>` (a cap across accounts)."""

    __tablename__ = "login_throttle"

    key = sa.Column(sa.String(160), primary_key=True)
    failures = sa.Column(sa.Integer, nullable=False, default=0)
    window_start = sa.Column(UtcDateTime(), nullable=False)
    blocked_until = sa.Column(UtcDateTime(), nullable=True)
    updated_at = sa.Column(UtcDateTime(), nullable=False)

    __table_args__ = (sa.Index(None, "updated_at"),)


class AuditEvent(Base):
    """One staff action in the console. Append-only, except `forget` blanks the cardholder reference.

    A hash chain (`seq`, `prev_hash`, `row_hash`; bot/store/audit_chain.py) makes a changed, deleted or
    reordered row visible to `python -m bot audit verify`; forget keeps it verifiable (`subject_digest`)."""

    __tablename__ = "audit_events"

    id = sa.Column(sa.Integer, primary_key=True, autoincrement=True)
    created_at = sa.Column(UtcDateTime(), nullable=False, default=utcnow)
    # not a foreign key: the log outlives staff accounts
    staff_username = sa.Column(sa.String(64), nullable=False)
    action = sa.Column(sa.String(64), nullable=False)
    detail = sa.Column(sa.JSON, nullable=False)
    # not foreign keys either: `forget` deletes cases but keeps the staff action (reference blanked)
    sender_id = sa.Column(sa.String(255), nullable=True)
    case_id = sa.Column(sa.String(32), nullable=True)
    subject_forgotten = sa.Column(sa.Boolean(), nullable=False, default=False)
    # the chain (written by audit_chain.append only): place, link, own hash, and the salted digest of
    # sender_id/case_id/detail that forget keeps while it erases them and the salt
    seq = sa.Column(sa.Integer, nullable=True)
    prev_hash = sa.Column(sa.String(64), nullable=True)
    row_hash = sa.Column(sa.String(64), nullable=True)
    salt = sa.Column(sa.String(32), nullable=True)
    subject_digest = sa.Column(sa.String(64), nullable=True)

    __table_args__ = (
        sa.Index(None, "created_at"),
        sa.Index(None, "sender_id"),
        sa.Index(None, "staff_username", "created_at"),
        sa.Index(None, "seq", unique=True),
    )
