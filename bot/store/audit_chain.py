"""The audit log as a hash chain: tampering with, deleting or reordering a row is found (issue 22).

Each row of `audit_events` carries its place `seq` (1, 2, 3 …, unique), the hash of the row before
(`prev_hash`; the first row: `GENESIS`) and its own `row_hash`:

    subject_digest = SHA-256(salt ‖ canonical JSON of {sender_id, case_id, detail})
    row_hash       = SHA-256(canonical JSON of [seq, prev_hash, created_at, staff_username, action,
                                                subject_digest])

Why two hashes: `forget` (个人信息保护法 第47条) must erase what names the cardholder — `sender_id`,
`case_id`, `detail` — from rows that stay for staff accountability. A row hash over those fields would
then no longer verify, and a chain that forget breaks is no evidence. So the row hash covers the
personal part only through `subject_digest`, which forget keeps, and forget erases the row's random
`salt` with the fields: the digest left behind cannot confirm a guess of who the row was about (without
the salt, SHA-256 of a guessed conversation id matches nothing), while who did what and when — and the
row's place — stay covered. A forgotten row's blanking is itself accounted for: forget appends its own
row (`action="forget"`, detail `{"redacted_seqs": [...]}`) to the chain, and `verify` reports a row
marked forgotten that no later forget row names (someone blanked a row to hide what it said).

Concurrent writers never fork the chain: `seq` is unique, so two rows that read the same last row
cannot both be stored; on PostgreSQL writers also queue on a transaction-scoped advisory lock, on
SQLite on the database's single writer lock (a writer that read a stale last row gets "database is
locked" or the unique violation and tries again, `AuditRepository.record`).

What the chain cannot show alone: the newest rows cut off the end (the rest still verifies).
`python -m bot audit verify` prints the head (`seq`, `row_hash`): an operator who keeps it elsewhere
(a daily note, a ticket) can tell a later, shorter chain from the one they saw.
"""
from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the audit chain's appends ("kayou audit" in ASCII, as a bigint)
PG_LOCK_KEY = 0x6B61796F75_6175
BATCH = 1000


def canonical(value: Any) -> bytes:
    """One byte string per JSON value, the same after a round trip through either database."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def stamp(created_at: datetime) -> str:
    """A row's time as hashed: UTC, microseconds (what both databases keep)."""
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=timezone.utc)
    return created_at.astimezone(timezone.utc).isoformat(timespec="microseconds")


def new_salt() -> str:
    return secrets.token_hex(16)


def subject_digest(salt: str | None, sender_id: str | None, case_id: str | None, detail: Any) -> str:
    body = canonical({"sender_id": sender_id, "case_id": case_id, "detail": detail})
    return hashlib.sha256((salt or "").encode("ascii") + b"\x00" + body).hexdigest()


def row_hash(seq: int, prev_hash: str, created_at: datetime, staff_username: str, action: str,
             digest: str) -> str:
    return hashlib.sha256(canonical([seq, prev_hash, stamp(created_at), staff_username, action, digest])).hexdigest()


def chain_values(seq: int, prev_hash: str, *, created_at: datetime, staff_username: str, action: str,
                 detail: Any, sender_id: str | None, case_id: str | None) -> dict:
    """The chain columns of a new row: seq, prev_hash, salt, subject_digest, row_hash."""
    salt = new_salt()
    digest = subject_digest(salt, sender_id, case_id, detail)
    return {"seq": seq, "prev_hash": prev_hash, "salt": salt, "subject_digest": digest,
            "row_hash": row_hash(seq, prev_hash, created_at, staff_username, action, digest)}


def append(conn: sa.engine.Connection, table: sa.Table, *, created_at: datetime, staff_username: str,
           action: str, detail: Mapping[str, Any], sender_id: str | None, case_id: str | None,
           subject_forgotten: bool = False) -> int:
    """Appends one row after the last one, in the caller's transaction; returns its id.

    Raises IntegrityError (another writer took this `seq`) or, on SQLite, OperationalError "database is
    locked" (another writer committed since this transaction read): the caller retries the transaction.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
    last = conn.execute(
        sa.select(table.c.seq, table.c.row_hash).where(table.c.seq.is_not(None))
        .order_by(table.c.seq.desc()).limit(1)
    ).first()
    seq, prev = (last.seq + 1, last.row_hash) if last else (1, GENESIS)
    detail = dict(detail)
    values = {"created_at": created_at, "staff_username": staff_username, "action": action, "detail": detail,
              "sender_id": sender_id, "case_id": case_id, "subject_forgotten": subject_forgotten}
    values.update(chain_values(seq, prev, created_at=created_at, staff_username=staff_username, action=action,
                               detail=detail, sender_id=sender_id, case_id=case_id))
    return conn.execute(sa.insert(table).values(**values)).inserted_primary_key[0]


@dataclass(frozen=True)
class Broken:
    seq: int | None
    id: int | None
    reason: str

    def as_dict(self) -> dict:
        return {"seq": self.seq, "id": self.id, "reason": self.reason}


@dataclass(frozen=True)
class Verdict:
    rows: int
    head_seq: int
    head_hash: str
    broken: Broken | None

    @property
    def ok(self) -> bool:
        return self.broken is None

    def as_dict(self) -> dict:
        out: dict[str, Any] = {"ok": self.ok, "rows": self.rows,
                               "head": {"seq": self.head_seq, "row_hash": self.head_hash}}
        if self.broken is not None:
            out["first_broken"] = self.broken.as_dict()
        return out


def _rows(conn: sa.engine.Connection, table: sa.Table) -> Iterator[Any]:
    after = 0
    while True:
        batch = conn.execute(
            sa.select(table).where(table.c.seq > after).order_by(table.c.seq).limit(BATCH)
        ).all()
        if not batch:
            return
        yield from batch
        after = batch[-1].seq


def verify(conn: sa.engine.Connection, table: sa.Table) -> Verdict:
    """Walks the chain in `seq` order and names the first row that does not hold.

    Checks per row: its place (no gap: a deleted row), the link to the row before (a deleted or
    reordered row), its content against its digest (an edited detail, sender or case) unless forgotten,
    its own hash (an edited time, staff member, action, place or digest); and that every forgotten row
    is named by a later `forget` row.
    """
    unchained = conn.execute(sa.select(table.c.id).where(table.c.seq.is_(None)).limit(1)).first()
    if unchained is not None:
        return Verdict(0, 0, GENESIS, Broken(None, unchained.id, "row outside the chain (no seq)"))
    expected, prev, count = 1, GENESIS, 0
    pending: dict[int, int] = {}  # forgotten seq -> id, until a later forget row names it
    first_broken: Broken | None = None
    for row in _rows(conn, table):
        count += 1
        if first_broken is not None:
            continue
        where = (row.seq, row.id)
        if row.seq != expected:
            first_broken = Broken(*where, f"seq {expected} missing (a row was deleted)"
                                  if row.seq > expected else f"seq {row.seq} out of order")
        elif row.prev_hash != prev:
            first_broken = Broken(*where, "prev_hash does not match the row before (deleted or reordered)")
        elif not row.subject_forgotten and row.subject_digest != subject_digest(
                row.salt, row.sender_id, row.case_id, row.detail):
            first_broken = Broken(*where, "content changed (sender, case or detail)")
        elif row.row_hash != row_hash(row.seq, row.prev_hash, row.created_at, row.staff_username, row.action,
                                      row.subject_digest):
            first_broken = Broken(*where, "row changed (time, staff, action, place or digest)")
        if first_broken is not None:
            continue
        if row.subject_forgotten:
            pending[row.seq] = row.id
        if row.action == "forget" and isinstance(row.detail, dict):
            for seq in row.detail.get("redacted_seqs", []):
                pending.pop(seq, None)
        prev, expected = row.row_hash, expected + 1
    if first_broken is None and pending:
        seq = min(pending)
        first_broken = Broken(seq, pending[seq], "blanked without a forget row naming it")
    return Verdict(count, expected - 1, prev, first_broken)
