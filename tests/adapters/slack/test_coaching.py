"""The coach and a member's people on Slack, through the real Bolt app and slack_sdk against the
fake: what a member reads after "I didn't", "hmm", "too hard", a question, a run of dones, a
late done, a note with a name in it, and every form of ``/network-people``."""

from __future__ import annotations

from typing import Any

from bot.ports import MemberRef
from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import Call
from tests.adapters.slack.test_journey import nudge_of, text_of
from tests.adapters.slack.test_team import ask
from tests.bot.services.steps import deliveries, make_kind, next_day

USER = "U0DANA"
SAM = "U024BE7LH"


async def join(bot: Any) -> Call:
    """Join; the challenge card's chat.postMessage."""
    await bot.driver.command(
        payloads.command(USER, "/network-join", response_url=bot.fake.response_url("join"))
    )
    card = nudge_of(await bot.fake.wait_calls("chat.postMessage", 3))
    await bot.fake.wait_for(lambda: bot.fake.responses, what="the join answer")
    return card


async def say(bot: Any, text: str) -> Call:
    """Type ``text`` in the DM; the bot's answer, posted in the thread of what was typed."""
    message = payloads.dm(USER, text)
    answer = await bot.driver.event(message)
    assert answer["status"] == 200
    ts = message["event"]["ts"]
    (reply,) = await bot.fake.wait_for(
        lambda: bot.fake.in_thread(ts), what=f"the answer to {text!r}"
    )
    return reply


async def click(bot: Any, on: Call, label: str) -> None:
    """Press the button labelled ``label`` on the bot's message ``on``."""
    [block] = [b for b in on.args["blocks"] if b.get("type") == "actions"]
    [action] = [e["action_id"] for e in block["elements"] if e["text"]["text"] == label]
    channel, ts = on.result["channel"], on.result["ts"]
    answer = await bot.driver.interaction(payloads.button(USER, action, channel, ts))
    assert answer["status"] == 200


async def next_post(bot: Any, before: int) -> list[Call]:
    """The bot's messages after the first ``before``, once there is one."""
    posts = await bot.fake.wait_calls("chat.postMessage", before + 1)
    return posts[before:]


async def said(bot: Any, words: str) -> None:
    """Wait until the bot has said ``words``: in a message, or drawn over one."""
    fake = bot.fake
    await fake.wait_for(
        lambda: (
            any(words in text_of(c) for c in fake.called("chat.postMessage"))
            or any(words in text_of(c) for c in fake.called("chat.update"))
        ),
        what=words,
    )


async def outcomes(bot: Any) -> list[str | None]:
    return [d.outcome for d in await deliveries(bot.ctx, bot.ref(USER))]


async def todays_smaller(bot: Any) -> str:
    latest = (await deliveries(bot.ctx, bot.ref(USER)))[-1]
    challenge = bot.ctx.catalog.challenge(latest.challenge_id)
    assert challenge is not None and challenge.smaller
    return str(challenge.smaller)


async def test_not_done_unclear_too_hard_and_a_question_all_leave_the_day_open(
    slack_bot: Any,
) -> None:
    async with slack_bot() as bot:
        card = await join(bot)

        # "I didn't": nothing logged, no celebration, the smaller step offered.
        smaller = await todays_smaller(bot)
        reply = await say(bot, "I didn't get to it, too nervous tbh")
        assert "Marked as done" not in reply.args["text"] and "✅" not in reply.args["text"]
        assert smaller in reply.args["text"]
        assert await outcomes(bot) == ["open"]

        # Something it can't read: asked, with Yes / Not yet buttons; Not yet leaves it open.
        asked = await say(bot, "hmm")
        assert "Did you get to it today?" in asked.args["text"]
        assert [e["text"]["text"] for e in asked.args["blocks"][-1]["elements"]] == [
            "Yes",
            "Not yet",
        ]
        before = len(bot.fake.called("chat.postMessage"))
        await click(bot, asked, "Not yet")
        [not_yet] = await next_post(bot, before)
        assert "today's challenge stays open" in not_yet.args["text"]
        assert smaller in not_yet.args["text"]
        assert await outcomes(bot) == ["open"]

        # A question gets the challenge's way to start and a tip, and logs nothing.
        question = await say(bot, "how do I even start with this one??")
        latest = (await deliveries(bot.ctx, bot.ref(USER)))[-1]
        challenge = bot.ctx.catalog.challenge(latest.challenge_id)
        assert challenge is not None
        assert "💡" in question.args["text"]
        if challenge.starter:
            assert challenge.starter in question.args["text"]
        assert await outcomes(bot) == ["open"]

        # Too hard at level 1: today's challenge becomes its smaller step, still to do.
        hard = await say(bot, "too hard")
        assert "Let's make today smaller" in hard.args["text"] and smaller in hard.args["text"]
        assert await outcomes(bot) == ["open"]

        # Asked again, Yes logs it, and the nudge itself (not the question) shows it done.
        asked = await say(bot, "ok so")
        await click(bot, asked, "Yes")
        [update] = await bot.fake.wait_calls("chat.update")
        assert (update.args["channel"], update.args["ts"]) == (
            card.result["channel"],
            card.result["ts"],
        )
        assert "✅ Done" in text_of(update)
        await said(bot, "Streak: 1 day")
        assert await outcomes(bot) == ["done"]


async def test_a_late_done_a_level_up_and_a_spent_freeze_are_announced(
    slack_bot: Any, clock: Any
) -> None:
    async with slack_bot() as bot:
        ref = bot.ref(USER)
        await join(bot)  # Monday 23 November, left open
        await next_day(bot.ctx, clock, ref)  # Tuesday
        await say(bot, "done")  # Tuesday's
        late = await say(bot, "done")  # and Monday's
        assert late.args["text"].startswith("Logged against yesterday's challenge (Monday 23 Nov).")
        assert await outcomes(bot) == ["done", "done"]

        for _ in range(3):  # Wednesday to Friday: five done at level 1
            await next_day(bot.ctx, clock, ref)
            await say(bot, "done")
        before = len(bot.fake.called("chat.postMessage"))
        await next_day(bot.ctx, clock, ref)  # Monday 30 November
        news = [p.args["text"] for p in await next_post(bot, before)]
        assert any(n.startswith("⬆️ Level 2 of 3 from today") for n in news), news
        await say(bot, "done")  # Monday; Tuesday next, then Wednesday left undone
        await next_day(bot.ctx, clock, ref)
        await say(bot, "done")
        await next_day(bot.ctx, clock, ref)  # Wednesday: left undone
        before = len(bot.fake.called("chat.postMessage"))
        await next_day(bot.ctx, clock, ref)  # Thursday
        news = [p.args["text"] for p in await next_post(bot, before)]
        assert any("a freeze kept your streak going" in n for n in news), news


async def test_a_note_after_done_is_kept_and_a_named_person_can_be_kept(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        ref = bot.ref(USER)
        await join(bot)
        await make_kind(bot.ctx, ref, "reach_out")
        await say(bot, "done")
        offered = await say(bot, f"called <@{SAM}>, she was lovely about it")
        assert "note" in offered.args["text"]
        [today] = await deliveries(bot.ctx, ref)
        assert today.note == f"called <@{SAM}>, she was lovely about it"

        # The mention is offered as a person to keep, shown as a mention; Keep keeps them.
        assert f"Keep <@{SAM}> in your people?" in offered.args["text"]
        await click(bot, offered, "Keep")
        await said(bot, f"Kept <@{SAM}>")
        listed = await ask(bot, USER, "/network-people")
        assert f"• <@{SAM}>: in touch today, every 3 weeks" in listed


async def test_every_people_form_by_slash_command(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await join(bot)
        added = await ask(bot, USER, "/network-people", "add Sam every 3 weeks")
        assert added.startswith("Added Sam. I'll suggest a check-in every 3 weeks")
        by_mention = await ask(bot, USER, "/network-people", f"add <@{SAM}|priya> monthly")
        assert by_mention.startswith(f"Added <@{SAM}>.")
        changed = await ask(bot, USER, "/network-people", "Sam every 2 months")
        assert changed.startswith("Done: Sam every 2 months")
        talked = await ask(bot, USER, "/network-people", "talked to Sam")
        assert talked.startswith("Noted: you were in touch with Sam today.")
        wrong = await ask(bot, USER, "/network-people", "add Sam every 2 days")
        assert "between every week and once a year" in wrong
        nonsense = await ask(bot, USER, "/network-people", "hello there")
        assert "`/network-people add Sam every 3 weeks`" in nonsense
        removed = await ask(bot, USER, "/network-people", "remove sam")
        assert removed.startswith("Removed Sam")
        listed = await ask(bot, USER, "/network-people")
        assert f"<@{SAM}>" in listed and "Sam:" not in listed


async def test_did_they_reply_is_asked_with_three_buttons(slack_bot: Any, clock: Any) -> None:
    async with slack_bot() as bot:
        ref: MemberRef = bot.ref(USER)
        await join(bot)
        await make_kind(bot.ctx, ref, "reach_out")
        offered = await say(bot, "done: emailed Kenji about the conference")
        await click(bot, offered, "Keep")
        await said(bot, "Kept Kenji")
        for _ in range(3):  # three days on
            await next_day(bot.ctx, clock, ref)
        asked = await bot.fake.wait_for(
            lambda: [
                c
                for c in bot.fake.called("chat.postMessage")
                if c.args["text"] == "Did Kenji reply?"
            ],
            what="the check-back",
        )
        labels = [e["text"]["text"] for e in asked[0].args["blocks"][-1]["elements"]]
        assert labels == ["Yes", "Not yet", "No"]
        await click(bot, asked[0], "Yes")
        await said(bot, "Kenji replied")
