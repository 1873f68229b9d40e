"""Joining asks what holds the member back and what they are after; both answers are optional."""

from __future__ import annotations

from bot.services import logbook, membership
from tests.bot.services.steps import member_row, typed


async def test_joining_asks_between_the_welcome_and_the_first_challenge(ctx, messenger, alice):
    await membership.join(ctx, alice)
    kinds = ["card" if s.card else s.text.split(" ")[0] for s in messenger.sent]
    assert len(kinds) == 3 and kinds[-1] == "card"
    question = messenger.sent[1]
    assert "holds you back" in question.text
    assert [b.label for b in question.buttons] == [
        "Fear of rejection",
        "Confidence",
        "Self-promotion",
        "Feeling insincere",
        "Rather not say",
    ]


async def test_both_answers_set_the_focus_and_settings_show_it(ctx, messenger, alice):
    await membership.join(ctx, alice)
    fear = messenger.sent[1].buttons[0]
    second = await logbook.press(ctx, alice, str(fear.action), "e1")
    assert second is not None and "what are you after" in second.text
    assert [b.label for b in second.buttons][-2:] == ["Community", "Rather not say"]
    mentor = second.buttons[0]
    thanks = await logbook.press(ctx, alice, str(mentor.action), "e2")
    assert thanks is not None and "lean your first weeks" in thanks.text
    member = await member_row(ctx, alice)
    assert set(member.focus.split(",")) == {"fear_of_rejection", "mentor"}
    shown = await typed(ctx, alice, "/network-settings")
    assert "Focus: fear of rejection, mentor" in shown.text


async def test_skipping_both_leaves_the_focus_empty(ctx, messenger, alice):
    await membership.join(ctx, alice)
    skip = messenger.sent[1].buttons[-1]
    second = await logbook.press(ctx, alice, str(skip.action), "e1")
    assert second is not None
    done = await logbook.press(ctx, alice, str(second.buttons[-1].action), "e2")
    assert done is not None and "tell me later" in done.text
    assert (await member_row(ctx, alice)).focus == ""


async def test_a_returning_member_is_not_asked_again(ctx, messenger, alice):
    await membership.join(ctx, alice)
    await membership.leave(ctx, alice)
    before = len(messenger.sent)
    await membership.join(ctx, alice)
    assert not any("holds you back" in (s.text or "") for s in messenger.sent[before:])
