"""initial schema: cases, handoff requests, staff users, sessions and audit log

Revision ID: 0001
Revises:
Create Date: 2024-06-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("banks", sa.JSON(), nullable=False),
        # money in integer fen (分), never float
        sa.Column("total_debt_fen", sa.BigInteger(), nullable=False),
        sa.Column("periods", sa.Integer(), nullable=False),
        sa.Column("monthly_payment_fen", sa.BigInteger(), nullable=False),
        sa.Column("feasible", sa.Boolean(), nullable=False),
        sa.Column("plan", sa.JSON(), nullable=False),
        sa.Column("letter", sa.Text(), nullable=False),
        sa.CheckConstraint("total_debt_fen >= 0", name=op.f("ck_cases_total_debt_nonnegative")),
        sa.CheckConstraint("monthly_payment_fen >= 0", name=op.f("ck_cases_monthly_payment_nonnegative")),
        sa.CheckConstraint("periods > 0", name=op.f("ck_cases_periods_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index(op.f("ix_cases_sender_id_created_at"), "cases", ["sender_id", "created_at"])

    op.create_table(
        "handoff_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'closed')", name=op.f("ck_handoff_requests_status_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoff_requests")),
    )
    op.create_index(op.f("ix_handoff_requests_sender_id"), "handoff_requests", ["sender_id"])
    op.create_index(
        op.f("ix_handoff_requests_status_created_at"), "handoff_requests", ["status", "created_at"]
    )

    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_users")),
        sa.UniqueConstraint("username", name=op.f("uq_staff_users_username")),
    )

    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["username"],
            ["staff_users.username"],
            name=op.f("fk_staff_sessions_username_staff_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_staff_sessions")),
    )
    op.create_index(op.f("ix_staff_sessions_username"), "staff_sessions", ["username"])
    op.create_index(op.f("ix_staff_sessions_expires_at"), "staff_sessions", ["expires_at"])

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=True),
        sa.Column("case_id", sa.String(32), nullable=True),
        sa.Column("subject_forgotten", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_created_at"), "audit_events", ["created_at"])
    op.create_index(op.f("ix_audit_events_sender_id"), "audit_events", ["sender_id"])
    op.create_index(
        op.f("ix_audit_events_staff_username_created_at"), "audit_events", ["staff_username", "created_at"]
    )


def downgrade() -> None:
    op.drop_table("audit_events")
    op.drop_table("staff_sessions")
    op.drop_table("staff_users")
    op.drop_table("handoff_requests")
    op.drop_table("cases")
