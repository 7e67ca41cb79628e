"""handoff_requests.client_key: a keyed hash of the client address that filed the ticket (flood limits)

The address itself is never stored: the channel passes HMAC(secret, address or its IPv6 /64), enough to
count one client's tickets per hour (bot.handoff flood limits) and nothing more.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("client_key", sa.String(64), nullable=True))
    op.create_index(op.f("ix_handoff_requests_client_key_created_at"), "handoff_requests",
                    ["client_key", "created_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_handoff_requests_client_key_created_at"), table_name="handoff_requests")
    with op.batch_alter_table("handoff_requests") as batch:
        batch.drop_column("client_key")
