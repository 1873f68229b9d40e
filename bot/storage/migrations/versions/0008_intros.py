"""intros: team rhythm, member opt-in, rounds and their seats

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.tables

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC = bot.storage.tables.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "team_intros",
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("every_weeks", sa.SmallInteger(), nullable=False),
        sa.Column("anchor", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["team_id"], ["teams.id"], name=op.f("fk_team_intros_team_id_teams"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("team_id", name=op.f("pk_team_intros")),
    )
    op.create_table(
        "intro_members",
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("group", sa.String(length=64), nullable=True),
        sa.Column("updated_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_intro_members_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", name=op.f("pk_intro_members")),
    )
    op.create_table(
        "intro_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=False),
        sa.Column("round_date", sa.Date(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("paired_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["teams.id"],
            name=op.f("fk_intro_rounds_team_id_teams"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_rounds")),
        sa.UniqueConstraint("team_id", "round_date", name=op.f("uq_intro_rounds_team_id")),
    )
    op.create_table(
        "intro_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Boolean(), nullable=False),
        sa.Column("group_no", sa.SmallInteger(), nullable=True),
        sa.Column("unpaired", sa.String(length=16), nullable=True),
        sa.Column("heads_up_at", UTC, nullable=True),
        sa.Column("introduced_at", UTC, nullable=True),
        sa.Column("asked_at", UTC, nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("answered_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_intro_seats_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["intro_rounds.id"],
            name=op.f("fk_intro_seats_round_id_intro_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_seats")),
        sa.UniqueConstraint("round_id", "member_id", name=op.f("uq_intro_seats_round_id")),
    )
    op.create_index(op.f("ix_intro_seats_member_id"), "intro_seats", ["member_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_intro_seats_member_id"), table_name="intro_seats")
    op.drop_table("intro_seats")
    op.drop_table("intro_rounds")
    op.drop_table("intro_members")
    op.drop_table("team_intros")
