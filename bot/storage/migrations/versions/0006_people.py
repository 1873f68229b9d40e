"""people: the people a member keeps in touch with, and personal follow-ups

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 07:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.tables

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=True),
        sa.Column("context", sa.String(length=120), nullable=True),
        sa.Column("cadence_days", sa.SmallInteger(), nullable=False),
        sa.Column("last_contact", sa.Date(), nullable=True),
        sa.Column("next_check_in", sa.Date(), nullable=False),
        sa.Column("check_back_on", sa.Date(), nullable=True),
        sa.Column("check_backs", sa.SmallInteger(), nullable=False),
        sa.Column("created_at", bot.storage.tables.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_people_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("member_id", "name", name=op.f("uq_people_member_id")),
    )
    op.create_index(op.f("ix_people_member_id"), "people", ["member_id"], unique=False)
    op.create_index(op.f("ix_people_next_check_in"), "people", ["next_check_in"], unique=False)
    op.create_index(op.f("ix_people_check_back_on"), "people", ["check_back_on"], unique=False)
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("person_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("personal_text", sa.String(length=400), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_deliveries_person_id_people"),
            "people",
            ["person_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_constraint(batch.f("fk_deliveries_person_id_people"), type_="foreignkey")
        batch.drop_column("personal_text")
        batch.drop_column("person_id")
    op.drop_index(op.f("ix_people_check_back_on"), table_name="people")
    op.drop_index(op.f("ix_people_next_check_in"), table_name="people")
    op.drop_index(op.f("ix_people_member_id"), table_name="people")
    op.drop_table("people")
