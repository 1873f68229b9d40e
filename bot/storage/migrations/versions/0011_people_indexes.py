"""people: indexes that lead with the member, so a claim batch's lookups are seeks

The single-column indexes on next_check_in and check_back_on let SQLite's planner scan every
member's people in date order for one batch's check-backs (112 ms a batch of 500 members with 20
people each); with the member first both lookups are bounded by the batch.

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-03 07:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_people_member_next_check_in", "people", ["member_id", "next_check_in"], unique=False
    )
    op.create_index(
        "ix_people_member_check_back_on", "people", ["member_id", "check_back_on"], unique=False
    )
    # The unique (member_id, name) constraint serves lookups by member alone.
    op.drop_index("ix_people_member_id", table_name="people")
    op.drop_index("ix_people_next_check_in", table_name="people")
    op.drop_index("ix_people_check_back_on", table_name="people")


def downgrade() -> None:
    op.create_index("ix_people_check_back_on", "people", ["check_back_on"], unique=False)
    op.create_index("ix_people_next_check_in", "people", ["next_check_in"], unique=False)
    op.create_index("ix_people_member_id", "people", ["member_id"], unique=False)
    op.drop_index("ix_people_member_check_back_on", table_name="people")
    op.drop_index("ix_people_member_next_check_in", table_name="people")
