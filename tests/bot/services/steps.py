"""Steps the use-case tests share: read a member's rows, move to their next nudge."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot import commands
from bot.commands import Origin
from bot.ports import MemberRef, TeamRef
from bot.services import delivery, dispatch, inbound
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


async def typed(ctx, ref: MemberRef, line: str, **origin):
    """A command line as a member types it in a text front end: ``/network-settings time 8:30``."""
    who = Origin(ref, **origin)
    command = commands.read(line, who)
    assert command is not None, f"{line!r} names no command"
    return await inbound.run(ctx, who, command)


async def admin_typed(ctx, team: TeamRef, text: str = "", is_admin: bool = True, here=None):
    """``/network-admin <text>`` typed by someone in ``team`` (typed in channel ``here``)."""
    who = Origin(
        MemberRef(team.platform, "", "someone"), team=team.team_id, channel=here, is_admin=is_admin
    )
    command = commands.read(f"/network-admin {text}", who)
    assert command is not None
    return await inbound.run(ctx, who, command)


async def crash_then_resend(ctx, clock, monkeypatch, meanwhile=None) -> int:
    """Deliver what is due, dying after the sends and before recording them; then, once the
    lease has run out (and ``meanwhile()`` has run, if given), run the next tick. Returns how many
    nudges that tick counted as sent."""

    async def crashed(ctx, results):
        raise OSError("the process died before recording")

    monkeypatch.setattr(dispatch, "record", crashed)
    monkeypatch.setattr(dispatch, "RECORD_PATIENCE", timedelta(0))
    with pytest.raises(OSError):
        await dispatch.deliver_due(ctx)
    monkeypatch.undo()
    if meanwhile is not None:
        meanwhile()
    clock.now += delivery.LEASE * 2
    return await dispatch.deliver_due(ctx)
