"""Only a claimed completion logs; every other reply gets an answer that helps, on any platform."""

from __future__ import annotations

import pytest

from bot.actions import Verb
from bot.catalog import THEMES
from bot.services import coach, logbook, membership
from tests.bot.services.steps import deliveries


async def open_nudge(ctx, alice):
    await membership.join(ctx, alice)
    [today] = await deliveries(ctx, alice)
    return today


@pytest.mark.parametrize(
    ("said", "answer"),
    [
        ("I didn't do it", coach.NOT_DONE),
        ("i was too nervous so i didnt send it", coach.NOT_DONE),
        ("not yet", coach.NOT_DONE),
        ("I'll do it after lunch", coach.LATER),
        ("I'm scared they'll think I'm weird", coach.WORRY),
        ("can I get a different one?", coach.SWAP),
        ("sorry, been swamped, back now", coach.RETURN),
    ],
)
async def test_a_reply_that_claims_nothing_logs_nothing_and_helps(ctx, alice, said, answer):
    await open_nudge(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, said)
    assert reply is not None and reply.text == answer
    assert "Marked as done" not in reply.text and "Streak" not in reply.text
    [today] = await deliveries(ctx, alice)
    assert today.outcome == "open" and today.note is None


async def test_a_question_gets_a_way_to_start_and_a_tip(ctx, alice):
    await open_nudge(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "what should I even say to them?")
    assert reply is not None and reply.text.startswith("Good question. Start small")
    assert "💡" in reply.text and "/network-tip" in reply.text
    [today] = await deliveries(ctx, alice)
    assert today.outcome == "open"


async def test_an_unclear_reply_is_asked_about_and_either_answer_is_taken(ctx, alice):
    today = await open_nudge(ctx, alice)
    asked = await logbook.handle_text(ctx, alice, "hmm")
    assert asked is not None and asked.text == coach.ASK
    assert [(b.label, b.action.verb) for b in asked.buttons] == [
        ("Yes", Verb.YES),
        ("Not yet", Verb.NOT_YET),
    ]
    not_yet = await logbook.press(ctx, alice, str(asked.buttons[1].action), "e1")
    assert not_yet is not None and not_yet.text == coach.NOT_DONE
    assert (await deliveries(ctx, alice))[0].outcome == "open"
    yes = await logbook.press(ctx, alice, str(asked.buttons[0].action), "e2")
    assert yes is not None and yes.card is not None
    [logged] = await deliveries(ctx, alice)
    assert logged.id == today.id and logged.outcome == "done"
    late = await logbook.press(ctx, alice, str(asked.buttons[1].action), "e3")
    assert late is not None and late.text == coach.NOT_READ  # already done: nothing changes
    assert (await deliveries(ctx, alice))[0].outcome == "done"


async def test_a_reply_that_says_it_was_done_still_logs_with_its_note(ctx, alice):
    await open_nudge(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "I was scared but I sent it anyway")
    assert reply is not None
    [today] = await deliveries(ctx, alice)
    assert today.outcome == "done" and today.note == "I was scared but I sent it anyway"


def test_every_theme_has_a_tip_topic(catalog):
    assert set(coach.THEME_TOPICS) == set(THEMES)
    assert set(coach.THEME_TOPICS.values()) <= set(catalog.tip_topics())
