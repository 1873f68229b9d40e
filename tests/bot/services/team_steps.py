"""The team the team tests share: its ref, wins channel, members and set-up."""

from __future__ import annotations

from sqlalchemy import select

from bot.ports import MemberRef, TeamRef
from bot.services import membership
from bot.storage.tables import Team
from bot.views import ChannelRef
from tests.bot.services.steps import admin_typed

TEAM = TeamRef("slack", "T1")
WINS = ChannelRef("slack", "T1", "C-wins")
ANA, BEN, CAL = (MemberRef("slack", "T1", user) for user in ("U-ana", "U-ben", "U-cal"))


async def team_row(ctx) -> Team | None:
    async with ctx.db.transaction() as session:
        return await session.scalar(select(Team).where(Team.team_id == TEAM.team_id))


async def set_up_team(ctx, *refs: MemberRef, text: str = "channel here") -> None:
    await admin_typed(ctx, TEAM, text, is_admin=True, here=WINS.channel_id)
    for ref in refs:
        await membership.join(ctx, ref, team=TEAM.team_id)
