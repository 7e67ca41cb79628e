"""handoff_requests.priority: a person in distress is first in the queue (DOMAIN §7, issue 19/23)

0 for an ordinary ticket; 1 (`bot.store.models.PRIORITY_DISTRESS`) for a conversation in which distress
was expressed: the console lists it first with the distress flag, and nobody waiting counts as ahead of it
unless they have the same priority and came earlier.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("handoff_requests") as batch:
        batch.drop_column("priority")
