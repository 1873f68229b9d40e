"""My people on Discord, through the real discord.py client and the local fake: kept from a note
(a name or a mention), managed with /network-people, and asked about a few days later."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from adapters.discord.app import RunningBot
from bot.people import MAX_CHECK_BACKS
from bot.storage.tables import Person
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.steps import (
    ALICE,
    BOB,
    EPHEMERAL,
    button,
    command,
    custom_ids,
    joined,
    make_kind,
    next_day,
    press,
    say,
)


async def kept(bot: RunningBot) -> list[Person]:
    async with bot.ctx.db.transaction() as session:
        return list(await session.scalars(select(Person).order_by(Person.name)))


async def people(fake: FakeDiscord, what: str | None = None) -> str:
    """``/network-people`` in the server, with its one option typed (or left out)."""
    answer = await command(fake, "network-people", ALICE, None if what is None else {"what": what})
    assert answer.body["flags"] & EPHEMERAL  # in the server: for the member's eyes only
    return str(answer.body["content"])


async def test_people_kept_from_notes_and_asked_about_later(
    bot: RunningBot, fake: FakeDiscord, clock
) -> None:
    dm, _ = await joined(fake)  # Monday 23 November
    await make_kind(bot.ctx, ALICE, "reach_out")

    # A name in the note: offered with Keep / No thanks; Keep stores Sam with what was said.
    offer = await say(fake, dm, "done: wrote to Sam, my old manager")
    assert "Keep Sam in your people?" in offer.body["content"]
    assert [i.split(":")[2] for i in custom_ids(offer.body)][-2:] == ["keep", "nokeep"]
    kept_sam = await press(fake, button(offer, "keep"), ALICE, offer)
    assert kept_sam.body["content"].startswith("Kept Sam.")
    [sam] = await kept(bot)
    assert (sam.name, sam.user_id, sam.context) == ("Sam", None, "my old manager")
    assert (sam.cadence_days, sam.last_contact) == (21, date(2026, 11, 23))

    # Tuesday: a Discord mention in the note is kept as that user, and shown as a mention.
    await next_day(fake, bot.ctx, clock)
    await make_kind(bot.ctx, ALICE, "reach_out")
    bob = f"<@{BOB}>"
    offer = await say(fake, dm, f"done: asked {bob} for feedback", mentions=(BOB,))
    assert f"Keep {bob} in your people?" in offer.body["content"]
    await press(fake, button(offer, "keep"), ALICE, offer)
    assert [(p.name, p.user_id) for p in await kept(bot)] == [(str(BOB), str(BOB)), ("Sam", None)]
    listed = (await people(fake)).split("\n")
    assert listed[0] == "Your people (2), losing touch first:"
    assert listed[1:3] == [
        "• Sam (my old manager): last in touch a day ago, every 3 weeks, next Mon 14 Dec",
        f"• {bob}: in touch today, every 3 weeks, next Tue 15 Dec",
    ]

    # Someone else named later that day: No thanks keeps nobody.
    offer = await say(fake, dm, "texted Priya too")
    assert "Keep Priya in your people?" in offer.body["content"]
    no = await press(fake, button(offer, "nokeep"), ALICE, offer)
    assert "won't keep them" in no.body["content"]
    assert [p.name for p in await kept(bot)] == [str(BOB), "Sam"]

    # Wednesday, then Thursday: three days after writing to Sam, "Did Sam reply?".
    await next_day(fake, bot.ctx, clock)
    await say(fake, dm, "done")
    asked, nudge = await next_day(fake, bot.ctx, clock)
    assert asked.body["content"] == "Did Sam reply?"
    assert [i.split(":")[2] for i in custom_ids(asked.body)] == [
        "replied",
        "replynotyet",
        "noreply",
    ]
    assert nudge.body["embeds"]
    not_yet = await press(fake, button(asked, "replynotyet"), ALICE, asked)
    assert not_yet.body["content"].startswith("No rush: replies take time.")
    [_, sam] = await kept(bot)
    assert sam.check_back_on == date(2026, 11, 30)

    # Friday brings the question about Bob (after the week's reflection); Sam is asked once
    # more on Monday.
    await say(fake, dm, "done")
    friday = [c.body.get("content") for c in await next_day(fake, bot.ctx, clock)]
    await say(fake, dm, "done")
    assert friday[0].startswith("🪞 Your week so far") and friday[1] == f"Did {bob} reply?"
    *_, again, _ = await next_day(fake, bot.ctx, clock)  # after the news of a level up
    assert again.body["content"] == "Did Sam reply?"
    no = await press(fake, button(again, "noreply"), ALICE, again)
    assert no.body["content"].startswith("Thanks for telling me.")
    assert "one gentle follow-up with Sam in a couple of weeks" in no.body["content"]
    [_, sam] = await kept(bot)
    assert (sam.next_check_in, sam.check_back_on) == (date(2026, 12, 14), None)

    # The reply came after all: Yes on the same question is a win.
    yes = await press(fake, button(again, "replied"), ALICE, again)
    assert yes.body["content"].startswith("🎉 Sam replied: that's a real win")
    [_, sam] = await kept(bot)
    assert sam.check_backs == MAX_CHECK_BACKS


async def test_every_people_form_through_the_commands_option(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    await joined(fake)  # Monday 23 November
    assert (await people(fake)).startswith("You're not keeping anyone yet.")
    assert await people(fake, "add Sam every 3 weeks") == (
        "Added Sam. I'll suggest a check-in every 3 weeks, first on Mon 14 Dec."
    )
    bob = f"<@{BOB}>"  # what Discord puts in a text option when the member picks @someone
    assert await people(fake, f"add {bob} monthly") == (
        f"Added {bob}. I'll suggest a check-in every month, first on Wed 23 Dec."
    )
    assert [(p.name, p.user_id) for p in await kept(bot)] == [(str(BOB), str(BOB)), ("Sam", None)]
    assert (await people(fake, "list")).split("\n")[1:3] == [
        "• Sam: not in touch yet, every 3 weeks, next Mon 14 Dec",
        f"• {bob}: not in touch yet, every month, next Wed 23 Dec",
    ]
    assert (await people(fake, "Sam every 2 months")).startswith(
        "Done: Sam every 2 months, next check-in"
    )
    assert await people(fake, "talked to Sam") == (
        "Noted: you were in touch with Sam today. Next check-in Fri 22 Jan."
    )
    assert (await people(fake, "remove Sam")).startswith("Removed Sam from your people")
    assert [p.user_id for p in await kept(bot)] == [str(BOB)]

    # A mistake says what to type instead.
    wrong = await people(fake, "add Sam every 2 days")
    assert wrong.startswith("Keep in touch somewhere between every week and once a year")
    assert "`every 3 weeks`" in wrong
    assert [p.user_id for p in await kept(bot)] == [str(BOB)]
