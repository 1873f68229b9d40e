"""Members whose DMs are closed to the bot (Discord error 50007).

Nudges are DMs, so such a member is parked with the reason ``dms_closed``: no retry storm. The
next time they use a slash command, where the bot *can* answer them, they are told how to open DMs
and unparked, so the next nudge is tried once more.
"""

from __future__ import annotations

from adapters.discord.messenger import DMS_CLOSED
from bot.member_status import MemberStatus
from bot.ports import MemberRef
from bot.services import membership
from bot.services.context import Context

HOW_TO_OPEN = (
    "I can't send you direct messages, and that's where your daily challenge arrives. "
    "To let me in: right-click this server's icon (long-press on mobile) → **Privacy Settings** → "
    "turn on **Direct Messages**, then run any `/network-` command again."
)
REOPENED = (
    "I couldn't reach you by direct message earlier, so your nudges were on hold. "
    "They're back on: if DMs are still closed, right-click this server's icon (long-press on "
    "mobile) → **Privacy Settings** → turn on **Direct Messages**."
)


async def parked_for_closed_dms(ctx: Context, ref: MemberRef) -> None:
    await membership.park(ctx, ref, DMS_CLOSED)


async def reopen(ctx: Context, ref: MemberRef) -> str | None:
    """Unpark a member parked for closed DMs; the note to show them, or None."""
    found = await membership.status(ctx, ref)
    if found != (MemberStatus.PARKED, DMS_CLOSED):
        return None
    await membership.unpark(ctx, ref)
    return REOPENED
