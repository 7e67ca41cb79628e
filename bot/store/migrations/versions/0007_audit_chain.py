"""audit_events as a hash chain: seq, prev_hash, row_hash, salt, subject_digest (bot/store/audit_chain.py)

Rows already in the log are chained in id order. Rows that `forget` blanked before the chain existed
are named by one `forget` row appended at the end (staff "migration"), so `verify` accounts for them
like any later forget.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from bot.store.audit_chain import GENESIS, append, chain_values
    from bot.store.models import AuditEvent, utcnow

    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("salt", sa.String(32), nullable=True))
        batch.add_column(sa.Column("subject_digest", sa.String(64), nullable=True))
    op.create_index(op.f("ix_audit_events_seq"), "audit_events", ["seq"], unique=True)

    conn = op.get_bind()
    table = AuditEvent.__table__
    c = table.c
    rows = conn.execute(
        sa.select(c.id, c.created_at, c.staff_username, c.action, c.detail, c.sender_id, c.case_id,
                  c.subject_forgotten).order_by(c.id)
    ).all()
    prev, forgotten = GENESIS, []
    for seq, row in enumerate(rows, start=1):
        values = chain_values(seq, prev, created_at=row.created_at, staff_username=row.staff_username,
                              action=row.action, detail=row.detail, sender_id=row.sender_id, case_id=row.case_id)
        if row.subject_forgotten:
            values["salt"] = None
            forgotten.append(seq)
        conn.execute(sa.update(table).where(c.id == row.id).values(**values))
        prev = values["row_hash"]
    if forgotten:
        append(conn, table, created_at=utcnow(), staff_username="migration", action="forget",
               detail={"redacted_seqs": forgotten}, sender_id=None, case_id=None)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_events_seq"), table_name="audit_events")
    with op.batch_alter_table("audit_events") as batch:
        for name in ("subject_digest", "salt", "row_hash", "prev_hash", "seq"):
            batch.drop_column(name)
