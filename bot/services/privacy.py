"""A member's control of their data: ``/network-export`` (all of it, as JSON) and
``/network-forget`` (all of it deleted, after a confirmation).

Posts already made in team channels stay, as anything posted on a platform does; everything the
bot stores about the member goes.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import String, cast, delete, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import ActionId, Verb
from bot.ports import MemberRef
from bot.services.context import Context, as_member
from bot.storage import queries as q
from bot.storage.tables import (
    Base,
    Delivery,
    Identity,
    InboxEntry,
    IntroMember,
    IntroSeat,
    LinkCode,
    Member,
    Milestone,
    Pause,
    Person,
    ProcessedEvent,
    Win,
)
from bot.views import Attachment, Button, Reply, Style

#: Everything stored per member, deleted child tables first.
MEMBER_TABLES: tuple[type[Base], ...] = (
    Win,
    Milestone,
    Pause,
    IntroSeat,
    IntroMember,
    LinkCode,
    Identity,
    Delivery,
    Person,
)
ASK = (
    "This deletes everything I keep about you, for good: your settings, every challenge and "
    "note, your streak, wins, intros and linked accounts. Messages already posted in team "
    "channels stay. "
    "Want a copy first? Type `/network-export`.\n"
    "To go ahead, press the button or type `/network-forget yes`."
)
FORGOTTEN = (
    "Done: everything I kept about you is deleted and no more nudges will come. "
    "If you ever want to start again, type `/network-join`."
)


async def export(ctx: Context, ref: MemberRef, event_id: str | None = None) -> Reply | None:
    """Everything stored about the member as one JSON file, sent to them privately."""

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        data = await collect(ctx, session, member, now)
        content = json.dumps(data, indent=2, ensure_ascii=False, default=_plain).encode()
        name = f"nudgebot-export-{q.today_of(member, now).isoformat()}.json"
        return Reply(
            "Here is everything I keep about you: settings, linked accounts, every challenge "
            "with its outcome and note, wins, milestones, pauses, the people you keep and your "
            "intros.",
            files=(Attachment(name, content, "application/json"),),
        )

    return await as_member(ctx, ref, event_id, act)


async def collect(
    ctx: Context, session: AsyncSession, member: Member, now: datetime
) -> dict[str, Any]:
    """The member's rows, each table's columns by name (so a new column is exported too)."""
    deliveries = [_row(d) for d in await q.deliveries_of(session, member.id)]
    for row in deliveries:
        challenge = ctx.catalog.challenge(row["challenge_id"])
        row["challenge_text"] = challenge.text if challenge else None
    data: dict[str, Any] = {"exported_at": now, "member": _row(member)}
    data["deliveries"] = deliveries
    for key, model in (
        ("linked_accounts", Identity),
        ("wins", Win),
        ("milestones", Milestone),
        ("pauses", Pause),
        ("people", Person),
        ("intros_choice", IntroMember),
        ("intros", IntroSeat),
    ):
        rows = await session.scalars(select(model).where(model.__table__.c.member_id == member.id))
        data[key] = [_row(r) for r in rows]
    return data


async def forget(
    ctx: Context, ref: MemberRef, confirmed: bool = False, event_id: str | None = None
) -> Reply | None:
    """``/network-forget``: ask first; confirmed (``/network-forget yes``, the button) deletes."""

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        if confirmed:
            return await confirm_forget(session, member, member.id)
        button = Button("Delete everything", ActionId(Verb.FORGET, member.id), Style.PRIMARY)
        return Reply(ASK, buttons=(button,))

    return await as_member(ctx, ref, event_id, act)


async def confirm_forget(session: AsyncSession, member: Member, confirmed_id: int) -> Reply:
    """Delete the member and every row that refers to them (the confirmation button's id must
    be their own)."""
    if confirmed_id != member.id:
        return Reply("That button isn't yours. Type `/network-forget` to delete your own data.")
    linked = await session.scalars(select(Identity.user_id).where(Identity.member_id == member.id))
    for user_id in {member.user_id, *linked}:
        # Event ids some platforms build from the user's id (kept a week to spot retries).
        await session.execute(delete(ProcessedEvent).where(ProcessedEvent.key.contains(user_id)))
        # Inbound work already handled keeps the platform's payload (a DM's words) for a week:
        # what names the user goes now (work still waiting is left to its worker).
        await session.execute(
            delete(InboxEntry).where(
                InboxEntry.done_at.is_not(None),
                cast(InboxEntry.payload, String).contains(f'"{user_id}"'),
            )
        )
    for model in MEMBER_TABLES:
        await session.execute(delete(model).where(model.__table__.c.member_id == member.id))
    await session.execute(delete(Member).where(Member.id == member.id))
    return Reply(FORGOTTEN)


#: Columns worked out from other rows (the rules state, from the deliveries): not exported.
DERIVED = frozenset({"rules_through", "rules"})


def _row(row: Base) -> dict[str, Any]:
    mapper = inspect(type(row))
    return {
        column.key: getattr(row, column.key)
        for column in mapper.column_attrs
        if column.key not in DERIVED
    }


def _plain(value: object) -> str:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    raise TypeError(f"can't export {type(value).__name__}")
