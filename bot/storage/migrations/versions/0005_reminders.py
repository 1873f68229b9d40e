"""reminders: one later-that-day reminder per nudge

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 07:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.tables

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(
            sa.Column("remind_at", bot.storage.tables.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(
            sa.Column("reminded_at", bot.storage.tables.UTCDateTime(timezone=True), nullable=True)
        )
        batch.create_index(batch.f("ix_deliveries_remind_at"), ["remind_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_index(batch.f("ix_deliveries_remind_at"))
        batch.drop_column("reminded_at")
        batch.drop_column("remind_at")
