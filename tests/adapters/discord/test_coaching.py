"""The coach on Discord, through the real discord.py client and the local fake: replies that log
nothing get help, unclear ones are asked about, "too hard" makes the day smaller, and whatever
changed between two nudges is said before the next one."""

from __future__ import annotations

from adapters.discord.app import RunningBot
from bot.catalog import Challenge
from bot.coaching import smaller_step
from bot.services import coach
from tests.adapters.discord.fake_discord import Call, FakeDiscord
from tests.adapters.discord.steps import (
    ALICE,
    button,
    custom_ids,
    deliveries,
    joined,
    make_challenge,
    next_day,
    press,
    say,
    where,
)


def a_reach_out_with_a_starter(bot: RunningBot) -> Challenge:
    return next(
        c
        for c in bot.ctx.catalog.challenges
        if c.kind == "reach_out" and c.level == 1 and c.starter and c.smaller
    )


def logged(edit: Call) -> str:
    """What a redrawn nudge says was logged."""
    return str(edit.body["embeds"][0]["fields"][-1]["value"])


async def test_replies_that_claim_nothing_log_nothing_and_each_gets_help(
    bot: RunningBot, fake: FakeDiscord, clock
) -> None:
    dm, nudge_id = await joined(fake)
    monday = a_reach_out_with_a_starter(bot)
    await make_challenge(bot.ctx, ALICE, monday)

    # Not done, with a worry: nothing logged, the day stays open, a two-minute version offered.
    answer = await say(fake, dm, "I didn't get to it, too nervous")
    assert answer.body["content"].startswith(coach.NOT_DONE.format(smaller=monday.smaller))
    [today] = await deliveries(bot.ctx, ALICE)
    assert (today.outcome, today.note) == ("open", None)

    # Unclear: asked, with Yes / Not yet, and still nothing logged.
    asked = await say(fake, dm, "hmm")
    assert asked.body["content"] == coach.ASK
    assert [i.split(":")[2] for i in custom_ids(asked.body)] == ["yes", "notyet"]
    assert (await deliveries(bot.ctx, ALICE))[0].outcome == "open"

    # A question: the challenge's own opening line, and a tip.
    how = await say(fake, dm, "how do I even start?")
    lines = how.body["content"].split("\n")
    assert lines[:2] == [
        "Good question. Here's one way to open, to make your own:",
        f"> {monday.starter}",
    ]
    assert lines[2].startswith("💡 ") and "/network-tip" in lines[3]

    # "Too hard" at level 1, typed: today becomes the smaller step, and it still counts.
    hard = await say(fake, dm, "too hard")
    assert f"> {monday.smaller}" in hard.body["content"]
    assert "isn't a miss" in hard.body["content"]
    [today] = await deliveries(bot.ctx, ALICE)
    assert (today.outcome, today.feedback, today.level) == ("open", "too_hard", 1)

    # Yes on the question logs it: the nudge itself is redrawn as done, where it is, and the
    # question keeps its words (no card drawn over it).
    said = await press(fake, button(asked, "yes"), ALICE, asked)
    assert "🔥 Streak: 1 day" in said.body["content"]
    edit = await fake.wait_call("PATCH", f"/channels/{dm}/messages/{nudge_id}")
    assert logged(edit).startswith("✅ Done · 🔥 Streak: 1 day")
    assert not fake.find("PATCH", "/webhooks/")
    assert (await deliveries(bot.ctx, ALICE))[0].outcome == "done"

    # Tuesday: Not yet leaves the day open with a kind answer.
    tuesday_nudge = (await next_day(fake, bot.ctx, clock))[-1]
    tuesday = bot.ctx.catalog.challenge((await deliveries(bot.ctx, ALICE))[-1].challenge_id)
    asked = await say(fake, dm, "hmm")
    not_yet = await press(fake, button(asked, "notyet"), ALICE, asked)
    assert not_yet.body["content"] == coach.NOT_DONE.format(smaller=smaller_step(tuesday))
    assert (await deliveries(bot.ctx, ALICE))[-1].outcome == "open"

    # The Too hard button on the nudge: the same smaller step, nothing logged.
    hard = await press(fake, button(tuesday_nudge, "hard"), ALICE, tuesday_nudge)
    assert f"> {smaller_step(tuesday)}" in hard.body["content"]
    latest = (await deliveries(bot.ctx, ALICE))[-1]
    assert (latest.outcome, latest.feedback, latest.level) == ("open", "too_hard", 1)

    # Done, then a note: the note is kept on that challenge.
    done = await say(fake, dm, "done")
    assert "🔥 Streak: 2 days" in done.body["content"]
    noted = await say(fake, dm, "called Sam, went well")
    assert noted.body["content"].startswith("Added that to your note")
    latest = (await deliveries(bot.ctx, ALICE))[-1]
    assert (latest.outcome, latest.note) == ("done", "called Sam, went well")


async def test_what_changed_is_said_before_the_next_nudge(
    bot: RunningBot, fake: FakeDiscord, clock
) -> None:
    dm, _ = await joined(fake)  # Monday 23 November
    await say(fake, dm, "done")
    for _ in range(4):  # Tuesday to Friday, each done
        await next_day(fake, bot.ctx, clock)
        await say(fake, dm, "done")

    # Monday 30: five done at level 1 without a "too hard", so level 2, said before the nudge.
    news, nudge = await next_day(fake, bot.ctx, clock)
    assert news.body["content"] == (
        "⬆️ Level 2 of 3 from today, because you did 5 at level 1 without a “too hard”. "
        "Braver asks, same few minutes."
    )
    assert "level 2" in nudge.body["embeds"][0]["footer"]["text"]
    await say(fake, dm, "done")
    await next_day(fake, bot.ctx, clock)  # Tuesday 1 December: the seventh done earns a freeze
    await say(fake, dm, "done")

    # Wednesday left undone; on Thursday the freeze spent on it is said.
    [wednesday] = await next_day(fake, bot.ctx, clock)
    news, nudge = await next_day(fake, bot.ctx, clock)
    assert news.body["content"] == (
        "❄️ Wednesday's challenge went undone, so a freeze kept your streak going (no freezes left)."
        " Did it after all? Log today's, then another `done` logs Wednesday's."
    )
    assert nudge.body["embeds"]

    # Done twice on Thursday: today's, then Wednesday's, late, naming the day it logged.
    await say(fake, dm, "done")
    late = await say(fake, dm, "done")
    assert late.body["content"].startswith(
        "Logged against yesterday's challenge (Wednesday 02 Dec)."
    )
    channel, message = where(wednesday)  # and Wednesday's nudge is redrawn as done
    redrawn = await fake.wait_call("PATCH", f"/channels/{channel}/messages/{message}")
    assert logged(redrawn).startswith("✅ Done")
    assert [d.outcome for d in await deliveries(bot.ctx, ALICE)] == ["done"] * 9
