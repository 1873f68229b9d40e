"""teams.streak_through, teams.streak_days: the team streak as of a settled date

The weekly digest used to count every member's days back 400 days for the team streak; now it
counts on from the streak as it stood two weeks ago, stored here. Teams start without one (the
next digest counts back as before, once).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("streak_through", sa.Date(), nullable=True))
        batch.add_column(sa.Column("streak_days", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("streak_days")
        batch.drop_column("streak_through")
