"""named staff accounts (role, disabled, bootstrap) and the shared login throttle

Accounts that exist before this revision could only have come from KAYOU_STAFF_USER, so they are
marked `bootstrap`: the next start keeps the one the environment still names and disables the others.
On SQLite the staff_users table is copied (batch mode) to add its CHECK constraint; the copy drops the
old table, whose ON DELETE CASCADE ends the open console sessions (everyone logs in again once).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="agent"))
        batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("bootstrap", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_check_constraint(op.f("ck_staff_users_role_known"), "role IN ('agent', 'supervisor')")
    op.execute(sa.text("UPDATE staff_users SET bootstrap = :yes").bindparams(yes=True))

    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(160), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_login_throttle")),
    )
    op.create_index(op.f("ix_login_throttle_updated_at"), "login_throttle", ["updated_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_login_throttle_updated_at"), table_name="login_throttle")
    op.drop_table("login_throttle")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_constraint(op.f("ck_staff_users_role_known"), type_="check")
        batch.drop_column("password_changed_at")
        batch.drop_column("bootstrap")
        batch.drop_column("disabled_at")
        batch.drop_column("role")
