"""deliveries.asks_person_id: the check-back a nudge carried is recorded on the nudge

Asking "Did Sam reply?" used to clear the person's check-back date at claim, an UPDATE of the
people table for a seventh of the nudges in a busy batch; now the nudge records whom it asked
and the rule (``bot.people.check_back_due``) reads that from the member's recent deliveries.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("asks_person_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_deliveries_asks_person_id_people"),
            "people",
            ["asks_person_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(batch.f("fk_deliveries_asks_person_id_people"), type_="foreignkey")
        batch.drop_column("asks_person_id")
