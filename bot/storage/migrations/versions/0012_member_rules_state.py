"""members.rules_through, members.rules: the per-member rules state (bot.rules_state)

Each member's settled days folded into one JSON document, so a claim, a ``done`` and
``/network-streak`` read a few recent rows instead of the whole history. Existing members start
without one; ``nudgebot db upgrade`` builds them all right after this step (the next claim
would otherwise build each from its history, once).

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-04 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(sa.Column("rules_through", sa.Date(), nullable=True))
        batch.add_column(sa.Column("rules", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.drop_column("rules")
        batch.drop_column("rules_through")
