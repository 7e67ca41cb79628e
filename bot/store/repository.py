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
import random
import secrets
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.store import audit_chain
from bot.store.db import connect, default_url, get_engine, is_sqlite_memory, session_scope, sqlite_path
from bot.store.models import (
    CUSTOMER_ACTOR,
    HANDOFF_AUTHORS,
    HANDOFF_NOTE_KINDS,
    HANDOFF_OUTCOMES,
    HANDOFF_STATUSES,
    STAFF_ROLES,
    AuditEvent,
    CannedReply,
    Case,
    Complaint,
    HandoffMessage,
    HandoffNote,
    HandoffRequest,
    LoginThrottle,
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
class ComplaintRecord:
    id: str
    sender_id: str
    channel: str
    created_at: datetime
    document: dict  # bot.documents.model.Document.to_dict()

    @classmethod
    def of(cls, row: Complaint) -> ComplaintRecord:
        return cls(id=row.id, sender_id=row.sender_id, channel=row.channel, created_at=row.created_at,
                   document=row.document)


@dataclass(frozen=True)
class HandoffRecord:
    id: int
    sender_id: str
    channel: str
    reason: str
    created_at: datetime
    status: str
    claimed_by: str | None = None
    claimed_at: datetime | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    note: str | None = None
    # `request` only: False when the conversation already had a ticket that is not closed (this one)
    created: bool = True
    # HMAC of the client address that filed it (REST, widget), None for WeChat and older tickets
    client_key: str | None = None
    # PRIORITY_DISTRESS (1): distress was expressed in the conversation; first in the queue
    priority: int = 0

    @property
    def ticket(self) -> str:
        """The number the cardholder and the agent say: H000003."""
        return ticket_number(self.id)

    @classmethod
    def of(cls, row: HandoffRequest, *, created: bool = True) -> HandoffRecord:
        return cls(row.id, row.sender_id, row.channel, row.reason, row.created_at, row.status,
                   row.claimed_by, row.claimed_at, row.closed_by, row.closed_at, row.outcome, row.note,
                   created, row.client_key, int(row.priority or 0))


@dataclass(frozen=True)
class FloodLimits:
    """How many tickets one client address may file per `address_window`, and one conversation per
    `conversation_window` (KAYOU_HANDOFF_PER_ADDRESS_HOUR, KAYOU_HANDOFF_PER_CONVERSATION_DAY)."""

    per_address: int = 5
    per_conversation: int = 3
    address_window: timedelta = timedelta(hours=1)
    conversation_window: timedelta = timedelta(days=1)

    @classmethod
    def configured(cls) -> FloodLimits:
        from bot.config import settings

        cfg = settings()
        return cls(cfg.handoff_per_address_hour, cfg.handoff_per_conversation_day)


class HandoffLimited(Exception):
    """A new ticket past the flood limits: `scope` is "address" or "conversation"; `retry_at` (UTC) is
    when the oldest ticket counted leaves the window."""

    def __init__(self, scope: str, retry_at: datetime) -> None:
        super().__init__(f"handoff limit per {scope} reached until {retry_at.isoformat()}")
        self.scope = scope
        self.retry_at = retry_at


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def ticket_number(handoff_id: int) -> str:
    return f"H{int(handoff_id):06d}"


def parse_ticket_number(text: str) -> int | None:
    """The id in 「H000003」/「h3」/「3」, or None."""
    value = (text or "").strip().upper()
    if value.startswith("H"):
        value = value[1:]
    return int(value) if value.isdigit() and 0 < len(value) <= 9 else None


@dataclass(frozen=True)
class HandoffMessageRecord:
    id: int
    handoff_id: int
    sender_id: str
    author: str
    staff_username: str | None
    text: str
    created_at: datetime
    delivery: str

    @classmethod
    def of(cls, row: HandoffMessage) -> HandoffMessageRecord:
        return cls(row.id, row.handoff_id, row.sender_id, row.author, row.staff_username, row.text,
                   row.created_at, row.delivery)


@dataclass(frozen=True)
class HandoffNoteRecord:
    id: int
    handoff_id: int
    sender_id: str
    staff_username: str
    kind: str
    text: str
    created_at: datetime

    @classmethod
    def of(cls, row: HandoffNote) -> HandoffNoteRecord:
        return cls(row.id, row.handoff_id, row.sender_id, row.staff_username, row.kind, row.text, row.created_at)


@dataclass(frozen=True)
class CannedReplyRecord:
    id: int
    title: str
    text: str
    active: bool
    created_by: str
    created_at: datetime
    updated_by: str | None
    updated_at: datetime | None

    @classmethod
    def of(cls, row: CannedReply) -> CannedReplyRecord:
        return cls(row.id, row.title, row.text, bool(row.active), row.created_by, row.created_at, row.updated_by,
                   row.updated_at)


@dataclass(frozen=True)
class ClaimResult:
    """`claimed`: this agent got the ticket; else `ticket` says who has it (or that it is closed)."""

    claimed: bool
    ticket: HandoffRecord | None
    message_id: int | None = None  # the handoff message written with the change (`close(message=…)`)


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
    role: str = "agent"
    disabled_at: datetime | None = None
    bootstrap: bool = False
    password_changed_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    @classmethod
    def of(cls, row: StaffUser) -> StaffUserRecord:
        return cls(row.id, row.username, row.created_at, row.role, row.disabled_at, bool(row.bootstrap),
                   row.password_changed_at)

    def to_dict(self) -> dict[str, Any]:
        return {
            "username": self.username, "role": self.role, "active": self.active,
            "bootstrap": self.bootstrap, "created_at": _iso(self.created_at),
            "disabled_at": _iso(self.disabled_at), "password_changed_at": _iso(self.password_changed_at),
        }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


class AccountError(ValueError):
    """A staff account operation that cannot be done; `str()` is a sentence for the operator."""


@dataclass(frozen=True)
class BootstrapResult:
    """What `StaffRepository.sync_bootstrap` did: the account it keeps (None: none), the bootstrap
    accounts it disabled (a renamed KAYOU_STAFF_USER, an unset one), and a conflict with a named
    account of the same name (left alone)."""

    account: StaffUserRecord | None
    disabled: tuple[str, ...] = ()
    conflict: bool = False


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


class ComplaintRepository(_Repository):
    """Complaints about abusive collection (bot/complaint.py) as printable documents, for the signed link."""

    def add_complaint(self, sender_id: str, *, channel: str, document: Mapping[str, Any],
                      now: datetime | None = None) -> ComplaintRecord:
        row = Complaint(
            sender_id=_required("sender_id", sender_id, 255),
            channel=_mask_text(_required("channel", channel, 32)),
            created_at=now or utcnow(),
            document=_mask_json(dict(document)),
        )
        with self._session() as session:
            session.add(row)
            session.flush()
            session.refresh(row)
            return ComplaintRecord.of(row)

    def get_complaint(self, complaint_id: str) -> ComplaintRecord | None:
        with self._session() as session:
            row = session.get(Complaint, complaint_id)
            return None if row is None else ComplaintRecord.of(row)

    def latest_complaint(self, sender_id: str) -> ComplaintRecord | None:
        """The complaint last stored for this conversation (「投诉书里写的是我还是我妈」 is answered from it)."""
        with self._session() as session:
            row = session.execute(sa.select(Complaint).where(Complaint.sender_id == sender_id)
                                  .order_by(Complaint.created_at.desc()).limit(1)).scalar_one_or_none()
            return None if row is None else ComplaintRecord.of(row)


class HandoffRepository(_Repository):
    """Requests for a person (转人工): open → in_progress (claimed by one agent) → closed (with an outcome).

    At most one ticket per conversation is not closed: a partial unique index
    (`uq_handoff_requests_open_sender`) guarantees it, so two requests racing in two workers end with one
    ticket. A claim is one conditional UPDATE (`… WHERE status = 'open'`): of two agents claiming at the
    same moment exactly one gets a row count of 1.
    """

    def request(
        self, sender_id: str, *, channel: str, reason: str, now: datetime | None = None,
        client_key: str | None = None, limits: FloodLimits | None = None, priority: int = 0, lower: bool = False,
    ) -> HandoffRecord:
        """The conversation's ticket: a new one (`created`), or the one it already has that is not
        closed (`created` False; its reason is left as it was).

        With `limits`, a new ticket past them raises `HandoffLimited` (nothing is written): more than
        `per_address` tickets filed from `client_key` in the last hour, or `per_conversation` by this
        conversation in the last day. Asking again for a ticket already open is never limited. Two
        requests at the same instant from one client may both pass (the count and the insert are two
        statements): the limit is exact for a client that waits for its answers, and a flood in parallel
        gets at most its concurrency past it.

        `priority` (PRIORITY_DISTRESS after distress) puts the ticket ahead of every ordinary one; a ticket
        already waiting is raised to it, and lowered to it only with `lower` (the conversation's distress was a mild
        remark the person took back: actions/distress.taken_back, widget trial UI s7 #8)."""
        _required("sender_id", sender_id, 255)
        if client_key is not None:
            client_key = _required("client_key", client_key, 64)
        existing = self.open_for(sender_id)
        if existing is not None:
            if priority > existing.priority or (lower and priority < existing.priority):
                existing = self._set_priority(existing.id, priority) or existing
            return replace(existing, created=False)
        at = now or utcnow()
        if limits is not None:
            self._check_flood(sender_id, client_key, at, limits)
        row = HandoffRequest(
            sender_id=sender_id,
            channel=_mask_text(_required("channel", channel, 32)),
            reason=_mask_text(reason or ""),
            created_at=at,
            status="open",
            client_key=client_key,
            priority=int(priority),
        )
        try:
            with self._session() as session:
                session.add(row)
                session.flush()
                return HandoffRecord.of(row)
        except sa.exc.IntegrityError:
            # another worker filed this conversation's ticket between our look and our insert
            existing = self.open_for(sender_id)
            if existing is None:
                raise
            return replace(existing, created=False)

    def _set_priority(self, handoff_id: int, priority: int) -> HandoffRecord | None:
        table = HandoffRequest.__table__
        with connect(self.engine) as conn:
            conn.execute(sa.update(table).where(table.c.id == handoff_id, table.c.priority != priority)
                         .values(priority=int(priority)))
            conn.commit()
        return self.get(handoff_id)

    def cancel_by_customer(self, sender_id: str, *, now: datetime | None = None) -> HandoffRecord | None:
        """The cardholder withdrew the request (「取消人工」): the conversation's ticket still waiting (open,
        unclaimed) is closed with the outcome `customer_cancelled`, closed by CUSTOMER_ACTOR, so that it
        leaves the agents' queue and nobody waits behind it. Returns the ticket closed, or None when there
        was none waiting (none at all, or an agent has already claimed it: one conditional UPDATE decides
        a race with a claim)."""
        existing = self.open_for(sender_id)
        if existing is None or existing.status != "open":
            return None
        table = HandoffRequest.__table__
        with connect(self.engine) as conn:
            changed = conn.execute(
                sa.update(table)
                .where(table.c.id == existing.id, table.c.status == "open", table.c.claimed_by.is_(None))
                .values(status="closed", closed_by=CUSTOMER_ACTOR, closed_at=now or utcnow(),
                        outcome="customer_cancelled")
            ).rowcount
            conn.commit()
        return self.get(existing.id) if changed == 1 else None

    def _check_flood(self, sender_id: str, client_key: str | None, now: datetime, limits: FloodLimits) -> None:
        table = HandoffRequest.__table__
        checks = [("conversation", table.c.sender_id == sender_id, limits.conversation_window,
                   limits.per_conversation)]
        if client_key is not None:
            checks.insert(0, ("address", table.c.client_key == client_key, limits.address_window,
                              limits.per_address))
        with self._session() as session:
            for scope, condition, window, allowed in checks:
                since = now - window
                count, oldest = session.execute(
                    sa.select(sa.func.count(), sa.func.min(table.c.created_at))
                    .where(condition, table.c.created_at > since)
                ).one()
                if count >= allowed:
                    raise HandoffLimited(scope, _aware(oldest) + window)

    def count_open(self) -> int:
        """How many tickets are not closed (the console's true total)."""
        stmt = sa.select(sa.func.count()).select_from(HandoffRequest).where(HandoffRequest.status != "closed")
        with self._session() as session:
            return int(session.execute(stmt).scalar_one())

    def waiting_ahead(self, handoff_id: int) -> int:
        """How many open (unclaimed) tickets come before this one: those of a higher priority (distress),
        then those of the same priority filed before it. The cardholder's place in the queue, counted by
        the database whatever the length of the queue."""
        table = HandoffRequest.__table__
        mine = sa.select(table.c.created_at).where(table.c.id == handoff_id).scalar_subquery()
        rank = sa.select(table.c.priority).where(table.c.id == handoff_id).scalar_subquery()
        earlier = sa.or_(table.c.created_at < mine, sa.and_(table.c.created_at == mine, table.c.id < handoff_id))
        stmt = sa.select(sa.func.count()).select_from(table).where(
            table.c.status == "open",
            sa.or_(table.c.priority > rank, sa.and_(table.c.priority == rank, earlier)),
        )
        with self._session() as session:
            return int(session.execute(stmt).scalar_one())

    def get(self, handoff_id: int) -> HandoffRecord | None:
        with self._session() as session:
            row = session.get(HandoffRequest, handoff_id)
            return None if row is None else HandoffRecord.of(row)

    def open_for(self, sender_id: str) -> HandoffRecord | None:
        """The conversation's ticket that is not closed (open or in progress), or None."""
        stmt = sa.select(HandoffRequest).where(
            HandoffRequest.sender_id == sender_id, HandoffRequest.status != "closed"
        )
        with self._session() as session:
            row = session.execute(stmt).scalars().first()
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

    def list_open(self, *, limit: int = 50, offset: int = 0) -> list[HandoffRecord]:
        """Requests not closed yet, distress first, then oldest first (the queue staff work through),
        `offset` skipped."""
        stmt = (
            sa.select(HandoffRequest)
            .where(HandoffRequest.status != "closed")
            .order_by(HandoffRequest.priority.desc(), HandoffRequest.created_at, HandoffRequest.id)
            .limit(_limit(limit))
            .offset(max(0, int(offset)))
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

    def claim(self, handoff_id: int, staff_username: str, *, now: datetime | None = None) -> ClaimResult:
        """Gives an open ticket to `staff_username`. The database decides a race: the UPDATE only
        matches while the ticket is still open, so of two agents exactly one changes a row."""
        _required("staff_username", staff_username, 64)
        table = HandoffRequest.__table__
        with connect(self.engine) as conn:
            changed = conn.execute(
                sa.update(table)
                .where(table.c.id == handoff_id, table.c.status == "open")
                .values(status="in_progress", claimed_by=staff_username,
                        claimed_at=now or utcnow())
            ).rowcount
            conn.commit()
        return ClaimResult(changed == 1, self.get(handoff_id))

    def close(
        self,
        handoff_id: int,
        staff_username: str,
        *,
        outcome: str,
        note: str = "",
        override: bool = False,
        claimed_only: bool = False,
        now: datetime | None = None,
        message: str | None = None,
        message_delivery: str = "widget",
    ) -> ClaimResult:
        """Closes a ticket that is not closed yet: one the agent claimed, or an unclaimed one; another
        agent's only with `override` (a supervisor). With `claimed_only` (the console's 结束工单, issue 21:
        nobody closes a ticket nobody answered) only a ticket in progress by `staff_username`.
        `claimed` is True when this call closed it.

        `message`: the system line that tells the cardholder (「本次人工服务已结束」), written in the same
        transaction as the status (UI session 7, C20: the widget polled between the two, saw the ticket
        closed with nothing new, stopped asking, and never showed the line); `message_delivery` as
        `add_message`'s (set it later with `set_delivery` once a WeChat send has answered)."""
        if outcome not in HANDOFF_OUTCOMES:
            raise ValueError(f"outcome must be one of {', '.join(HANDOFF_OUTCOMES)}, not {outcome!r}")
        _required("staff_username", staff_username, 64)
        table = HandoffRequest.__table__
        stmt = sa.update(table).where(table.c.id == handoff_id, table.c.status != "closed")
        if claimed_only:
            stmt = stmt.where(table.c.status == "in_progress", table.c.claimed_by == staff_username)
        elif not override:
            stmt = stmt.where(sa.or_(table.c.claimed_by.is_(None), table.c.claimed_by == staff_username))
        when = now or utcnow()
        with connect(self.engine) as conn:
            changed = conn.execute(stmt.values(
                status="closed", closed_by=staff_username, closed_at=when,
                outcome=outcome, note=_mask_text(note or "")[:2000] or None,
            )).rowcount
            message_id = None
            if changed == 1 and message:
                sender_id = conn.execute(sa.select(table.c.sender_id).where(table.c.id == handoff_id)).scalar_one()
                message_id = conn.execute(sa.insert(HandoffMessage.__table__).values(
                    handoff_id=handoff_id, sender_id=sender_id, author="system", staff_username=staff_username,
                    text=_mask_text(_required("text", message, 4000)), created_at=when,
                    delivery=_required("delivery", message_delivery, 16),
                )).inserted_primary_key[0]
            conn.commit()
        return ClaimResult(changed == 1, self.get(handoff_id), message_id)

    def close_unclaimed(
        self, handoff_ids: Iterable[int], staff_username: str, *, note: str = "", now: datetime | None = None
    ) -> list[int]:
        """A supervisor's bulk close of a flood: the tickets among `handoff_ids` still waiting unclaimed are
        closed as `duplicate` (no agent had them, so no conversation is paused). Returns the ids closed."""
        _required("staff_username", staff_username, 64)
        ids = sorted({int(i) for i in handoff_ids})
        table = HandoffRequest.__table__
        values = dict(status="closed", closed_by=staff_username, closed_at=now or utcnow(),
                      outcome="duplicate", note=_mask_text(note or "")[:2000] or None)
        closed: list[int] = []
        with connect(self.engine) as conn:
            for handoff_id in ids:  # each one conditional UPDATE: a ticket claimed meanwhile stays
                stmt = sa.update(table).where(table.c.id == handoff_id, table.c.status == "open",
                                              table.c.claimed_by.is_(None)).values(**values)
                if conn.execute(stmt).rowcount == 1:
                    closed.append(handoff_id)
            conn.commit()
        return closed

    def release(self, handoff_id: int, staff_username: str) -> bool:
        """Puts a ticket the agent claimed back in the queue (open, unclaimed); True when it did."""
        table = HandoffRequest.__table__
        with connect(self.engine) as conn:
            changed = conn.execute(
                sa.update(table)
                .where(table.c.id == handoff_id, table.c.status == "in_progress",
                       table.c.claimed_by == staff_username)
                .values(status="open", claimed_by=None, claimed_at=None)
            ).rowcount
            conn.commit()
        return changed == 1

    def find(self, query: str, *, limit: int = 20) -> list[HandoffRecord]:
        """Tickets by number (H000003) or by conversation id (exact, or a part of it), newest first."""
        query = (query or "").strip()[:255]
        if not query:
            return []
        conditions = [HandoffRequest.sender_id == query]
        if len(query) >= 4:
            escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(HandoffRequest.sender_id.like(f"%{escaped}%", escape="\\"))
        number = parse_ticket_number(query)
        if number is not None:
            conditions.append(HandoffRequest.id == number)
        stmt = (
            sa.select(HandoffRequest).where(sa.or_(*conditions))
            .order_by(HandoffRequest.created_at.desc(), HandoffRequest.id.desc()).limit(_limit(limit))
        )
        with self._session() as session:
            return [HandoffRecord.of(row) for row in session.execute(stmt).scalars()]

    # ---------------------------------------------------------- messages of a handoff

    def add_message(
        self,
        handoff_id: int,
        *,
        author: str,
        text: str,
        delivery: str,
        staff_username: str | None = None,
        now: datetime | None = None,
    ) -> HandoffMessageRecord:
        if author not in HANDOFF_AUTHORS:
            raise ValueError(f"author must be one of {', '.join(HANDOFF_AUTHORS)}, not {author!r}")
        with self._session() as session:
            ticket = session.get(HandoffRequest, handoff_id)
            if ticket is None:
                raise LookupError(f"no handoff {handoff_id}")
            row = HandoffMessage(
                handoff_id=handoff_id, sender_id=ticket.sender_id, author=author,
                staff_username=staff_username, text=_mask_text(_required("text", text, 4000)),
                created_at=now or utcnow(), delivery=_required("delivery", delivery, 16),
            )
            session.add(row)
            session.flush()
            return HandoffMessageRecord.of(row)

    def set_delivery(self, message_id: int, delivery: str) -> None:
        with self._session() as session:
            row = session.get(HandoffMessage, message_id)
            if row is not None:
                row.delivery = _required("delivery", delivery, 16)

    def messages_for(self, sender_id: str, *, after: int = 0, limit: int = 50) -> list[HandoffMessageRecord]:
        """The conversation's handoff messages with an id above `after`, oldest first (widget polling)."""
        stmt = (
            sa.select(HandoffMessage)
            .where(HandoffMessage.sender_id == sender_id, HandoffMessage.id > int(after))
            .order_by(HandoffMessage.id).limit(_limit(limit))
        )
        with self._session() as session:
            return [HandoffMessageRecord.of(row) for row in session.execute(stmt).scalars()]

    def with_delivery(self, handoff_ids: Iterable[int], delivery: str) -> set[int]:
        """Which of these handoffs have a message with that `delivery` (「left」: the cardholder is gone)."""
        ids = [int(i) for i in handoff_ids]
        if not ids:
            return set()
        stmt = (sa.select(HandoffMessage.handoff_id)
                .where(HandoffMessage.handoff_id.in_(ids), HandoffMessage.delivery == delivery).distinct())
        with self._session() as session:
            return set(session.execute(stmt).scalars())

    def messages_of(self, handoff_id: int) -> list[HandoffMessageRecord]:
        stmt = sa.select(HandoffMessage).where(HandoffMessage.handoff_id == handoff_id).order_by(HandoffMessage.id)
        with self._session() as session:
            return [HandoffMessageRecord.of(row) for row in session.execute(stmt).scalars()]


    def transfer(self, handoff_id: int, from_username: str, to_username: str, *, override: bool = False,
                 now: datetime | None = None) -> ClaimResult:
        """Hands a ticket in progress from `from_username` to `to_username` (one conditional UPDATE, like a
        claim: a ticket closed or taken meanwhile is not moved); `override` (a supervisor) moves another
        agent's. The conversation stays paused: a person still has it."""
        _required("staff_username", to_username, 64)
        table = HandoffRequest.__table__
        stmt = sa.update(table).where(table.c.id == handoff_id, table.c.status == "in_progress")
        if not override:
            stmt = stmt.where(table.c.claimed_by == from_username)
        with connect(self.engine) as conn:
            changed = conn.execute(stmt.values(claimed_by=to_username, claimed_at=now or utcnow())).rowcount
            conn.commit()
        return ClaimResult(changed == 1, self.get(handoff_id))

    def add_note(self, handoff_id: int, staff_username: str, text: str, *, kind: str = "note",
                 now: datetime | None = None) -> HandoffNoteRecord:
        """An internal note on the ticket, masked; never a message to the cardholder."""
        if kind not in HANDOFF_NOTE_KINDS:
            raise ValueError(f"kind must be one of {', '.join(HANDOFF_NOTE_KINDS)}, not {kind!r}")
        with self._session() as session:
            ticket = session.get(HandoffRequest, handoff_id)
            if ticket is None:
                raise LookupError(f"no handoff {handoff_id}")
            row = HandoffNote(handoff_id=handoff_id, sender_id=ticket.sender_id,
                              staff_username=_required("staff_username", staff_username, 64), kind=kind,
                              text=_mask_text(_required("text", text, 4000)), created_at=now or utcnow())
            session.add(row)
            session.flush()
            return HandoffNoteRecord.of(row)

    def notes_of(self, handoff_id: int) -> list[HandoffNoteRecord]:
        stmt = sa.select(HandoffNote).where(HandoffNote.handoff_id == handoff_id).order_by(HandoffNote.id)
        with self._session() as session:
            return [HandoffNoteRecord.of(row) for row in session.execute(stmt).scalars()]

    def note_counts(self, handoff_ids: Iterable[int]) -> dict[int, int]:
        ids = [int(i) for i in handoff_ids]
        if not ids:
            return {}
        stmt = (sa.select(HandoffNote.handoff_id, sa.func.count()).where(HandoffNote.handoff_id.in_(ids))
                .group_by(HandoffNote.handoff_id))
        with self._session() as session:
            return {int(k): int(v) for k, v in session.execute(stmt).all()}


class CannedReplyRepository(_Repository):
    """The desk's canned replies (issue 21). The caller checks the text against the forbidden-phrase rules
    (bot.channels.console_checks.check_reply) before `add`/`update`; the store masks it."""

    def list_all(self, *, include_retired: bool = False) -> list[CannedReplyRecord]:
        stmt = sa.select(CannedReply)
        if not include_retired:
            stmt = stmt.where(CannedReply.active.is_(True))
        stmt = stmt.order_by(CannedReply.title, CannedReply.id).limit(MAX_LIST)
        with self._session() as session:
            return [CannedReplyRecord.of(row) for row in session.execute(stmt).scalars()]

    def get(self, reply_id: int) -> CannedReplyRecord | None:
        with self._session() as session:
            row = session.get(CannedReply, reply_id)
            return None if row is None else CannedReplyRecord.of(row)

    def add(self, title: str, text: str, staff_username: str, *, now: datetime | None = None) -> CannedReplyRecord:
        row = CannedReply(title=_mask_text(_required("title", title, 64)), text=_mask_text(_required("text", text, 2000)),
                          active=True, created_by=_required("staff_username", staff_username, 64),
                          created_at=now or utcnow())
        with self._session() as session:
            session.add(row)
            session.flush()
            return CannedReplyRecord.of(row)

    def update(self, reply_id: int, staff_username: str, *, title: str | None = None, text: str | None = None,
               active: bool | None = None, now: datetime | None = None) -> CannedReplyRecord | None:
        with self._session() as session:
            row = session.get(CannedReply, reply_id)
            if row is None:
                return None
            if title is not None:
                row.title = _mask_text(_required("title", title, 64))
            if text is not None:
                row.text = _mask_text(_required("text", text, 2000))
            if active is not None:
                row.active = bool(active)
            row.updated_by = _required("staff_username", staff_username, 64)
            row.updated_at = now or utcnow()
            session.flush()
            return CannedReplyRecord.of(row)


AUDIT_APPEND_ATTEMPTS = 50


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
        values = dict(
            staff_username=_required("staff_username", staff_username, 64),
            action=_mask_text(_required("action", action, 64)),
            detail=_mask_json(dict(detail or {})),
            sender_id=sender_id or None,
            case_id=case_id or None,
            created_at=now or utcnow(),
        )
        # appended to the hash chain; a writer that lost the race for the next place tries again
        for attempt in range(AUDIT_APPEND_ATTEMPTS):
            try:
                with self.engine.begin() as conn:
                    row_id = audit_chain.append(conn, AuditEvent.__table__, **values)
                break
            except (sa.exc.IntegrityError, sa.exc.OperationalError) as exc:
                lost_race = isinstance(exc, sa.exc.IntegrityError) or "locked" in str(exc)
                if not lost_race or attempt == AUDIT_APPEND_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.001, 0.01) * min(attempt + 1, 10))
        return AuditRecord(row_id, values["created_at"], values["staff_username"], values["action"],
                           values["detail"], values["sender_id"], values["case_id"], False)

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

    def search(
        self,
        *,
        staff_username: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        subject: str | None = None,
        limit: int = 200,
        before_id: int | None = None,
    ) -> list[AuditRecord]:
        """The supervisor's view: newest first, filtered by staff member, action, time (`since` ≤
        created_at < `until`) and customer (`subject`: a conversation id or case id, exact).
        `before_id` pages back (rows with a smaller id)."""
        stmt = sa.select(AuditEvent)
        if staff_username:
            stmt = stmt.where(AuditEvent.staff_username == staff_username)
        if action:
            stmt = stmt.where(AuditEvent.action == action)
        if since is not None:
            stmt = stmt.where(AuditEvent.created_at >= since)
        if until is not None:
            stmt = stmt.where(AuditEvent.created_at < until)
        if subject:
            stmt = stmt.where(sa.or_(AuditEvent.sender_id == subject, AuditEvent.case_id == subject))
        if before_id is not None:
            stmt = stmt.where(AuditEvent.id < int(before_id))
        stmt = stmt.order_by(AuditEvent.id.desc()).limit(max(1, min(int(limit), 10_000)))
        with self._session() as session:
            return [AuditRecord.of(row) for row in session.execute(stmt).scalars()]

    def actions(self) -> list[str]:
        """Every action name in the log (the filter's choices)."""
        with self._session() as session:
            return sorted(session.execute(sa.select(AuditEvent.action).distinct()).scalars())


# ---------------------------------------------------------------- staff accounts and sessions

PASSWORD_SCHEME = "pbkdf2_sha256"
# OWASP's 2023 figure for PBKDF2-HMAC-SHA256; about 0.15 s per check on the CI machine
DEFAULT_PASSWORD_ITERATIONS = 600_000
MIN_PASSWORD_ITERATIONS = 200_000
DEFAULT_SESSION_TTL = timedelta(minutes=30)
_THROTTLE_LOCK = threading.Lock()


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
                self._set_password(session, user, password, now or utcnow())
            return StaffUserRecord.of(user)

    def _set_password(self, session, user: StaffUser, password: str, now: datetime) -> None:
        user.password_hash = hash_password(password, iterations=self.iterations)
        user.password_changed_at = now
        # whoever had the old password may hold a session: end them all
        session.execute(sa.delete(StaffSession).where(StaffSession.username == user.username))

    def _user(self, session, username: str) -> StaffUser | None:
        return session.execute(sa.select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none()

    # ---------------------------------------------------------- named accounts (the staff command)

    def add_user(
        self, username: str, password: str, *, role: str = "agent", now: datetime | None = None
    ) -> StaffUserRecord:
        """A new named account. The caller checks the password policy
        (`bot.channels.staff_policy.password_problem`); the store only refuses duplicates."""
        _required("username", username, 64)
        if role not in STAFF_ROLES:
            raise AccountError(f"角色应为 {' 或 '.join(STAFF_ROLES)}，不是 {role!r}。")
        if not password:
            raise AccountError("密码为空。")
        now = now or utcnow()
        with self._session() as session:
            existing = self._user(session, username)
            if existing is not None:
                state = "已停用，可用 staff enable 重新启用" if existing.disabled_at else "已存在"
                raise AccountError(f"账号 {username} {state}。")
            user = StaffUser(username=username, role=role, created_at=now, bootstrap=False,
                             password_hash=hash_password(password, iterations=self.iterations),
                             password_changed_at=now)
            session.add(user)
            session.flush()
            return StaffUserRecord.of(user)

    def reset_password(self, username: str, password: str, *, now: datetime | None = None) -> StaffUserRecord:
        """Sets a new password and ends the account's sessions. The account is managed by the staff
        command from now on (no longer by KAYOU_STAFF_USER)."""
        if not password:
            raise AccountError("密码为空。")
        with self._session() as session:
            user = self._user(session, username)
            if user is None:
                raise AccountError(f"没有账号 {username}。")
            self._set_password(session, user, password, now or utcnow())
            user.bootstrap = False
            return StaffUserRecord.of(user)

    def set_role(self, username: str, role: str) -> StaffUserRecord:
        if role not in STAFF_ROLES:
            raise AccountError(f"角色应为 {' 或 '.join(STAFF_ROLES)}，不是 {role!r}。")
        with self._session() as session:
            user = self._user(session, username)
            if user is None:
                raise AccountError(f"没有账号 {username}。")
            user.role = role
            return StaffUserRecord.of(user)

    def disable(self, username: str, *, now: datetime | None = None) -> StaffUserRecord:
        """The account can no longer log in and its open sessions end at once. A bootstrap account
        becomes a named one, so that a restart with the same KAYOU_STAFF_USER does not revive it."""
        with self._session() as session:
            user = self._user(session, username)
            if user is None:
                raise AccountError(f"没有账号 {username}。")
            if user.disabled_at is None:
                user.disabled_at = now or utcnow()
            user.bootstrap = False
            session.execute(sa.delete(StaffSession).where(StaffSession.username == username))
            return StaffUserRecord.of(user)

    def enable(self, username: str) -> StaffUserRecord:
        with self._session() as session:
            user = self._user(session, username)
            if user is None:
                raise AccountError(f"没有账号 {username}。")
            user.disabled_at = None
            return StaffUserRecord.of(user)

    def get_user(self, username: str) -> StaffUserRecord | None:
        with self._session() as session:
            user = self._user(session, username)
            return None if user is None else StaffUserRecord.of(user)

    def list_users(self) -> list[StaffUserRecord]:
        with self._session() as session:
            rows = session.execute(sa.select(StaffUser).order_by(StaffUser.username)).scalars()
            return [StaffUserRecord.of(row) for row in rows]

    def has_active_users(self) -> bool:
        with self._session() as session:
            return session.execute(
                sa.select(StaffUser.id).where(StaffUser.disabled_at.is_(None)).limit(1)
            ).first() is not None

    def sync_bootstrap(
        self, username: str | None, password: str | None, *, role: str = "agent", now: datetime | None = None
    ) -> BootstrapResult:
        """Makes the store's bootstrap accounts match KAYOU_STAFF_USER / KAYOU_STAFF_PASSWORD: that one
        account exists, is enabled, has this password and role; every other bootstrap account (a
        former, renamed KAYOU_STAFF_USER) is disabled and its sessions end. `username` or `password`
        None (unset, or refused by the password policy): every bootstrap account is disabled. A named
        account (made with the staff command) of the same name is left alone (`conflict`)."""
        if role not in STAFF_ROLES:
            raise AccountError(f"KAYOU_STAFF_ROLE 应为 {' 或 '.join(STAFF_ROLES)}，不是 {role!r}。")
        now = now or utcnow()
        try:
            return self._sync_bootstrap(username, password, role, now)
        except sa.exc.IntegrityError:
            # another worker or replica starting at the same moment created the account first
            return self._sync_bootstrap(username, password, role, now)

    def _sync_bootstrap(self, username: str | None, password: str | None, role: str, now: datetime) -> BootstrapResult:
        keep: StaffUserRecord | None = None
        conflict = False
        with self._session() as session:
            if username and password:
                user = self._user(session, username)
                if user is None:
                    user = StaffUser(username=username, role=role, created_at=now, bootstrap=True,
                                     password_hash=hash_password(password, iterations=self.iterations),
                                     password_changed_at=now)
                    session.add(user)
                    session.flush()
                elif not user.bootstrap:
                    conflict = True
                    user = None
                else:
                    if not check_password(password, user.password_hash):
                        self._set_password(session, user, password, now)
                    user.role = role
                    user.disabled_at = None
                if user is not None:
                    keep = StaffUserRecord.of(user)
            stale = session.execute(
                sa.select(StaffUser).where(StaffUser.bootstrap.is_(True), StaffUser.disabled_at.is_(None))
            ).scalars().all()
            disabled = []
            for user in stale:
                if keep is not None and user.id == keep.id:
                    continue
                user.disabled_at = now
                session.execute(sa.delete(StaffSession).where(StaffSession.username == user.username))
                disabled.append(user.username)
        return BootstrapResult(keep, tuple(sorted(disabled)), conflict)

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
            if user.disabled_at is not None:
                return False  # checked after the hash, so timing does not tell a disabled account
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
                sa.select(StaffUser.id).where(StaffUser.username == username, StaffUser.disabled_at.is_(None))
            ).scalar_one_or_none()
            if exists is None:
                raise LookupError(f"no active staff user {username!r}")
            session.add(
                StaffSession(token_hash=hash_token(token), username=username, created_at=now,
                             expires_at=now + ttl)
            )
        return token

    def validate_session(self, token: str | None, *, now: datetime | None = None) -> str | None:
        """The username of a live session, or None (unknown, revoked or expired; an expired one is
        deleted on the way)."""
        account = self.session_account(token, now=now)
        return None if account is None else account.username

    def session_account(
        self,
        token: str | None,
        *,
        now: datetime | None = None,
        idle: timedelta | None = None,
        lifetime: timedelta | None = None,
    ) -> StaffUserRecord | None:
        """The account (with its role) of a live session of an enabled account, or None.

        With `idle`, this request counts as activity: the session now ends `idle` from now (a sliding
        idle timeout), but never later than `lifetime` after the login (when given)."""
        if not token:
            return None
        now = now or utcnow()
        with self._session() as session:
            row = session.get(StaffSession, hash_token(token))
            if row is None:
                return None
            user = self._user(session, row.username)
            if row.expires_at <= now or user is None or user.disabled_at is not None:
                session.delete(row)
                return None
            if idle is not None:
                until = now + idle
                if lifetime is not None:
                    until = min(until, row.created_at + lifetime)
                row.expires_at = until
            return StaffUserRecord.of(user)

    def session_expires_at(self, token: str) -> datetime | None:
        with self._session() as session:
            row = session.get(StaffSession, hash_token(token))
            return None if row is None else row.expires_at

    def revoke_session(self, token: str) -> bool:
        """Logs out; True when there was such a session."""
        with self._session() as session:
            result = session.execute(sa.delete(StaffSession).where(StaffSession.token_hash == hash_token(token)))
            return result.rowcount > 0

    def revoke_sessions_for(self, username: str) -> int:
        with self._session() as session:
            return session.execute(sa.delete(StaffSession).where(StaffSession.username == username)).rowcount

    # ---------------------------------------------------------- the login throttle

    def reserve_login(self, pair_key: str, address_key: str, policy: Any, *, now: datetime | None = None) -> int:
        """Checks and counts one login attempt as one atomic step, shared by every worker and replica:
        0 = go ahead (counted as a failure until `login_succeeded`), else the seconds to wait.
        `policy` is a `bot.channels.staff_policy.ThrottlePolicy`."""
        now = now or utcnow()

        def step(states):
            wait, pair, address = policy.reserve(states.get(pair_key), states.get(address_key), now)
            return wait, ({pair_key: pair, address_key: address} if not wait else {})

        return self._throttle_step((pair_key, address_key), step, now, policy)

    def login_succeeded(self, pair_key: str, address_key: str, policy: Any, *, now: datetime | None = None) -> None:
        """The reserved attempt was right: the pair's back-off ends, the address gets its attempt back."""
        now = now or utcnow()

        def step(states):
            return None, {pair_key: None, address_key: policy.succeed(states.get(address_key), now)}

        self._throttle_step((pair_key, address_key), step, now, policy)

    def _throttle_step(self, keys, step, now: datetime, policy: Any):
        from bot.channels.staff_policy import ThrottleState

        table = LoginThrottle.__table__
        keys = sorted(set(keys))  # one lock order for every caller (PostgreSQL row locks)
        # one process: a lock (an in-memory SQLite has one shared connection); several processes: the
        # database's write lock (SQLite BEGIN IMMEDIATE) or row locks (PostgreSQL FOR UPDATE)
        with _THROTTLE_LOCK, connect(self.engine) as conn:
            dialect = conn.dialect.name
            if dialect == "sqlite" and not is_sqlite_memory(self.engine.url):
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            if dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                # rows must exist to be locked; new ones are "nothing happened yet"
                conn.execute(pg_insert(table).values([
                    {"key": k, "failures": 0, "window_start": now, "blocked_until": None, "updated_at": now}
                    for k in keys
                ]).on_conflict_do_nothing())
            query = sa.select(table).where(table.c.key.in_(keys))
            if dialect == "postgresql":
                query = query.with_for_update()
            states = {
                row.key: ThrottleState(row.failures, row.window_start, row.blocked_until, row.updated_at)
                for row in conn.execute(query)
            }
            result, writes = step(states)
            for key, state in writes.items():
                if state is None:
                    conn.execute(sa.delete(table).where(table.c.key == key))
                    continue
                values = {"failures": state.failures, "window_start": state.window_start,
                          "blocked_until": state.blocked_until, "updated_at": state.updated_at}
                if key in states:
                    conn.execute(sa.update(table).where(table.c.key == key).values(**values))
                else:
                    conn.execute(sa.insert(table).values(key=key, **values))
            # housekeeping: rows nobody has touched for longer than any rule remembers
            horizon = now - timedelta(seconds=max(policy.reset_after_s, policy.address_window_s))
            conn.execute(sa.delete(table).where(
                table.c.updated_at < horizon, sa.or_(table.c.blocked_until.is_(None), table.c.blocked_until < now)
            ))
            conn.commit()
        return result

    def present_staff(self, *, idle: timedelta, within: timedelta, now: datetime | None = None) -> int:
        """How many enabled accounts have a console open and watched right now: a session whose idle
        timeout was restarted within `within` (the desk's visible page restarts it every ~20 s, see
        bot.channels.console_handoff `live`; `idle` is the sliding timeout it restarts). Issue 21 trial:
        the cardholder is not promised 「明天」 while an agent is at the desk."""
        now = now or utcnow()
        with self._session() as session:
            return int(session.execute(
                sa.select(sa.func.count(sa.distinct(StaffSession.username)))
                .join(StaffUser, StaffUser.username == StaffSession.username)
                .where(StaffSession.expires_at > now, StaffSession.expires_at >= now + idle - within,
                       StaffUser.disabled_at.is_(None))
            ).scalar_one())

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
    complaints: ComplaintRepository | None = None  # None only where a test builds a Store by hand
    canned: CannedReplyRepository | None = None  # likewise

    def complaint_repository(self) -> ComplaintRepository:
        return self.complaints or ComplaintRepository(self.cases.engine)

    def canned_replies(self) -> CannedReplyRepository:
        return self.canned or CannedReplyRepository(self.cases.engine)


def open_store(url: str | None = None, *, engine: Engine | None = None) -> Store:
    """The four repositories over one engine (default: the configured case store, created lazily)."""
    if engine is None and url is not None:
        engine = get_engine(url)
    return Store(CaseRepository(engine), HandoffRepository(engine), AuditRepository(engine),
                 StaffRepository(engine), ComplaintRepository(engine), CannedReplyRepository(engine))


# ---------------------------------------------------------------- forget (个人信息保护法 第47条)


def forget(sender_id: str, case_db_url: str | None = None, tracker_db_url: str | None = None) -> dict:
    """Deletes everything kept about one cardholder (conversation id `sender_id`) and says what.

    - Rasa tracker store: every row of `events` with that `sender_id` (if the database and table exist);
    - case store: their cases, complaints and handoff requests;
    - audit log: rows about them (and the console searches that named them) are kept, because they record
      what a staff member did, but their `sender_id`, `case_id` and `detail` (which may quote the
      cardholder) are blanked and
      `subject_forgotten` is set. This keeps staff accountability without keeping the person.

    Returns `{"tracker_events": n, "cases": n, "complaints": n, "handoffs": n, "audit_events_redacted": n}`.
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
    counts = {"cases": 0, "complaints": 0, "handoffs": 0, "audit_events_redacted": 0}
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
            # the chain stays verifiable: the row keeps its subject_digest, loses the salt that would let
            # anyone confirm a guess of whom it named (bot/store/audit_chain.py)
            blank = dict(sender_id=None, case_id=None, detail={}, salt=None, subject_forgotten=True)
            redacted = list(conn.execute(
                sa.update(AuditEvent.__table__).where(about, AuditEvent.subject_forgotten.is_(False))
                .values(**blank).returning(AuditEvent.seq)
            ).scalars()) if conn.dialect.name == "postgresql" else _blank_sqlite(conn, about, blank)
            counts["audit_events_redacted"] = len(redacted)
            # an agent's console search names the conversation in its detail only (issue 22): the rows
            # whose query found this conversation (its id, a part of it as HandoffRepository.find matches,
            # or one of its ticket numbers) are blanked too
            ticket_ids = set()
            if "handoff_requests" in tables:
                ticket_ids = set(conn.execute(
                    sa.select(HandoffRequest.id).where(HandoffRequest.sender_id == sender_id)).scalars())
            searches = conn.execute(
                sa.select(AuditEvent.id, AuditEvent.detail)
                .where(AuditEvent.action == "search", AuditEvent.subject_forgotten.is_(False))
            ).all()
            named = [row_id for row_id, detail in searches
                     if _search_names(detail, sender_id, ticket_ids)]
            for chunk in range(0, len(named), 500):
                ids = AuditEvent.id.in_(named[chunk : chunk + 500])
                redacted += conn.execute(sa.select(AuditEvent.seq).where(ids)).scalars().all()
                counts["audit_events_redacted"] += conn.execute(
                    sa.update(AuditEvent.__table__).where(ids).values(**blank)
                ).rowcount
            if redacted:
                # the blanking is accounted for in the chain: verify finds a blanked row no forget names
                audit_chain.append(conn, AuditEvent.__table__, created_at=utcnow(), staff_username="forget",
                                   action="forget", detail={"redacted_seqs": sorted(redacted)},
                                   sender_id=None, case_id=None)
        if "cases" in tables:
            counts["cases"] = conn.execute(
                sa.delete(Case.__table__).where(Case.sender_id == sender_id)
            ).rowcount
        if "complaints" in tables:
            counts["complaints"] = conn.execute(
                sa.delete(Complaint.__table__).where(Complaint.sender_id == sender_id)
            ).rowcount
        if "handoff_messages" in tables:
            conn.execute(sa.delete(HandoffMessage.__table__).where(HandoffMessage.sender_id == sender_id))
        if "handoff_notes" in tables:
            conn.execute(sa.delete(HandoffNote.__table__).where(HandoffNote.sender_id == sender_id))
        if "handoff_requests" in tables:
            counts["handoffs"] = conn.execute(
                sa.delete(HandoffRequest.__table__).where(HandoffRequest.sender_id == sender_id)
            ).rowcount
    return counts


def _blank_sqlite(conn: sa.engine.Connection, about: Any, blank: dict) -> list[int]:
    """The seqs of the rows blanked (SQLite's RETURNING needs 3.35; this transaction holds the writer
    lock from the first statement on, so the select and the update see the same rows)."""
    where = (about, AuditEvent.subject_forgotten.is_(False))
    conn.execute(sa.update(AuditEvent.__table__).where(sa.false()).values(subject_forgotten=True))
    seqs = list(conn.execute(sa.select(AuditEvent.seq).where(*where)).scalars())
    conn.execute(sa.update(AuditEvent.__table__).where(*where).values(**blank))
    return seqs


def _search_names(detail: Any, sender_id: str, ticket_ids: set[int]) -> bool:
    query = (detail or {}).get("q") if isinstance(detail, dict) else None
    if not isinstance(query, str) or not query.strip():
        return False
    query = query.strip()
    if query == sender_id or (len(query) >= 4 and query in sender_id):
        return True
    number = parse_ticket_number(query)
    return number is not None and number in ticket_ids


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
