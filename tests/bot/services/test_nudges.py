"""Finding the message a member's nudge was delivered as."""

from __future__ import annotations

from bot.ports import MemberRef
from bot.services import membership, nudges


async def test_a_members_own_nudge_is_found_and_nobody_elses(ctx, messenger, alice) -> None:
    await membership.join(ctx, alice)
    card = messenger.cards[0]
    sent_as = f"msg-{len(messenger.sent)}"
    assert await nudges.message_ref(ctx, alice, card.delivery_id) == sent_as
    bob = MemberRef("console", "team-1", "bob")
    await membership.join(ctx, bob)
    assert await nudges.message_ref(ctx, bob, card.delivery_id) is None
    assert await nudges.message_ref(ctx, alice, 999_999) is None
    assert await nudges.message_ref(ctx, MemberRef("console", "", "nobody"), 1) is None
