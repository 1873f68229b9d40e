"""holidays: the member's region in force and own choice, the team's default

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("members") as batch:
        batch.add_column(
            sa.Column("holidays", sa.String(length=16), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("holidays_own", sa.String(length=16), nullable=True))
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("holidays", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("holidays")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("holidays_own")
        batch.drop_column("holidays")
