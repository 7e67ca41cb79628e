"""handoff queue: one open ticket per conversation, claim/close columns, the agents' messages

Tickets that are still open twice for one conversation (possible before this revision: every 「转人工」
filed a new one) are merged first: the one a person is handling stays, else the oldest (it has waited
longest); the others are closed with the outcome `duplicate`, so that the partial unique index can be
created.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("claimed_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(32), nullable=True))
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))
    op.execute(sa.text(
        "UPDATE handoff_requests SET status = 'closed', outcome = 'duplicate' "
        "WHERE status != 'closed' AND id NOT IN ("
        "SELECT keep FROM (SELECT COALESCE(MIN(CASE WHEN status = 'in_progress' THEN id END), MIN(id)) AS keep "
        "FROM handoff_requests WHERE status != 'closed' GROUP BY sender_id) AS kept)"
    ))
    op.create_index(
        "uq_handoff_requests_open_sender", "handoff_requests", ["sender_id"], unique=True,
        sqlite_where=sa.text("status != 'closed'"), postgresql_where=sa.text("status != 'closed'"),
    )
    op.create_table(
        "handoff_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("handoff_id", sa.Integer(), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("author", sa.String(16), nullable=False),
        sa.Column("staff_username", sa.String(64), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivery", sa.String(16), nullable=False),
        sa.CheckConstraint("author IN ('agent', 'system')", name=op.f("ck_handoff_messages_author_known")),
        sa.ForeignKeyConstraint(["handoff_id"], ["handoff_requests.id"], ondelete="CASCADE",
                                name=op.f("fk_handoff_messages_handoff_id_handoff_requests")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_messages")),
    )
    op.create_index(op.f("ix_handoff_messages_sender_id_id"), "handoff_messages", ["sender_id", "id"])
    op.create_index(op.f("ix_handoff_messages_handoff_id"), "handoff_messages", ["handoff_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_handoff_messages_handoff_id"), table_name="handoff_messages")
    op.drop_index(op.f("ix_handoff_messages_sender_id_id"), table_name="handoff_messages")
    op.drop_table("handoff_messages")
    op.drop_index("uq_handoff_requests_open_sender", table_name="handoff_requests")
    with op.batch_alter_table("handoff_requests") as batch:
        for name in ("note", "outcome", "closed_at", "closed_by", "claimed_at", "claimed_by"):
            batch.drop_column(name)
