"""Only a claimed completion logs; every other reply gets an answer that helps, on any platform."""

from __future__ import annotations

import pytest

from bot.actions import Verb
from bot.catalog import THEMES
from bot.coaching import THEME_TOPICS, smaller_step
from bot.services import coach, logbook, membership
from tests.bot.services.steps import deliveries, member_row


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
        ("sorry, been swamped, back now", coach.RETURN),
    ],
)
async def test_a_reply_that_claims_nothing_logs_nothing_and_helps(ctx, alice, said, answer):
    today = await open_nudge(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, said)
    smaller = smaller_step(ctx.catalog.challenge(today.challenge_id))
    assert reply is not None and reply.text.startswith(answer.format(smaller=smaller))
    assert "Marked as done" not in reply.text and "Streak" not in reply.text
    [today] = await deliveries(ctx, alice)
    assert today.outcome == "open" and today.note is None


async def test_a_question_gets_a_way_to_start_and_a_tip(ctx, alice):
    await open_nudge(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "what should I even say to them?")
    assert reply is not None and reply.text.startswith("Good question.")
    assert "💡" in reply.text and "/network-tip" in reply.text
    [today] = await deliveries(ctx, alice)
    challenge = ctx.catalog.challenge(today.challenge_id)
    if challenge.kind == "reach_out":
        assert f"> {challenge.starter}" in reply.text
    else:
        assert smaller_step(challenge) in reply.text
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
    assert not_yet is not None and not_yet.text.startswith(coach.NOT_DONE.split("{")[0])
    assert (await deliveries(ctx, alice))[0].outcome == "open"
    yes = await logbook.press(ctx, alice, str(asked.buttons[0].action), "e2")
    assert yes is not None and yes.card is not None
    [logged] = await deliveries(ctx, alice)
    assert logged.id == today.id and logged.outcome == "done"
    late = await logbook.press(ctx, alice, str(asked.buttons[1].action), "e3")
    assert late is not None and late.text == logbook.ALREADY_LOGGED[True]  # nothing changes
    assert (await deliveries(ctx, alice))[0].outcome == "done"


async def test_a_reply_that_says_it_was_done_still_logs_with_its_note(ctx, alice):
    await open_nudge(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "I was scared but I sent it anyway")
    assert reply is not None
    [today] = await deliveries(ctx, alice)
    assert today.outcome == "done" and today.note == "I was scared but I sent it anyway"


def test_every_theme_has_a_tip_topic(catalog):
    assert set(THEME_TOPICS) == set(THEMES)
    assert set(THEME_TOPICS.values()) <= set(catalog.tip_topics())


async def test_asking_for_a_different_one_swaps_todays_challenge(ctx, alice):
    before = await open_nudge(ctx, alice)
    reply = await logbook.handle_text(ctx, alice, "can I get a different one? this doesn't apply")
    assert reply is not None and reply.text == coach.SWAPPED and reply.card is not None
    [today] = await deliveries(ctx, alice)
    assert today.id == before.id and today.outcome == "open"
    assert today.challenge_id != before.challenge_id and today.level == before.level
    assert reply.card.text == ctx.catalog.challenge(today.challenge_id).text


async def test_too_hard_at_level_one_gives_the_smaller_step_at_once(ctx, alice):
    today = await open_nudge(ctx, alice)
    assert today.level == 1
    reply = await logbook.handle_text(ctx, alice, "too hard")
    smaller = ctx.catalog.challenge(today.challenge_id).smaller
    assert reply is not None and f"> {smaller}" in reply.text and "isn't a miss" in reply.text
    [after] = await deliveries(ctx, alice)
    assert after.outcome == "open" and after.feedback == "too_hard"
    done = await logbook.handle_text(ctx, alice, "done")
    assert done is not None and "Streak: 1 day" in done.text


async def test_too_easy_below_the_top_never_says_top_and_at_the_top_offers_a_stretch(ctx, alice):
    await open_nudge(ctx, alice)
    first = await logbook.handle_text(ctx, alice, "too easy")
    assert first is not None and "level 2 of 3" in first.text
    again = await logbook.handle_text(ctx, alice, "too easy")
    assert again is not None and "top" not in again.text and "level 2 of 3" in again.text
    async with ctx.db.transaction() as session:
        member = await session.merge(await member_row(ctx, alice))
        member.level = 3
    top = await logbook.handle_text(ctx, alice, "too easy")
    assert top is not None and "stretch" in top.text
    stretch = top.text.split("> ", 1)[1].split("\n")[0]
    assert any(c.text == stretch and c.level == 3 for c in ctx.catalog.challenges)


async def test_a_note_after_done_is_added_to_the_challenges_note(ctx, alice):
    await open_nudge(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")
    reply = await logbook.handle_text(ctx, alice, "done: called Sam")
    assert reply is not None and "Added that to your note" in reply.text
    await logbook.handle_text(ctx, alice, "🎉 talked to my manager too")
    [today] = await deliveries(ctx, alice)
    assert today.outcome == "done" and today.note == "called Sam\ntalked to my manager too"
