"""Steps the use-case tests share: read a member's rows, move to their next nudge."""

from __future__ import annotations

from bot.ports import MemberRef
from bot.services import dispatch
from bot.storage import queries as q
from bot.storage.tables import Delivery, Member


async def member_row(ctx, ref: MemberRef) -> Member:
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        assert member is not None
        return member


async def deliveries(ctx, ref: MemberRef) -> list[Delivery]:
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        assert member is not None
        return await q.deliveries_of(session, member.id)


async def next_day(ctx, clock, ref: MemberRef) -> int:
    """Jump to the member's next due instant and run the delivery tick."""
    clock.now = (await member_row(ctx, ref)).next_due_at
    return await dispatch.deliver_due(ctx)


async def make_kind(ctx, ref, kind):
    """Make the member's latest nudge a challenge of ``kind`` (the pick itself is random)."""
    async with ctx.db.transaction() as session:
        latest = (await q.deliveries_of(session, (await q.member_by_ref(session, ref)).id))[-1]
        latest.kind = kind
