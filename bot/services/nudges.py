"""Where a member's nudge was delivered, so an adapter can edit that message in place.

A logged reply carries the updated card (:attr:`bot.views.Reply.card`); when the member acted on
something else (typed ``done`` in the DM), the adapter needs the nudge's own message reference.
"""

from __future__ import annotations

from bot.ports import MemberRef
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.tables import Delivery


async def message_ref(ctx: Context, ref: MemberRef, delivery_id: int) -> str | None:
    """The platform reference of ``ref``'s nudge ``delivery_id``; None if not theirs or unsent."""
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        delivery = await session.get(Delivery, delivery_id)
        if member is None or delivery is None or delivery.member_id != member.id:
            return None
        return delivery.message_ref
