"""A member's journey through the real discord.py client and the local fake Discord:
join in a server → nudge DM → Done button → a typed reply → a tip → settings → closed DMs."""

from __future__ import annotations

from adapters.discord.app import RunningBot
from adapters.discord.messenger import OPEN_DMS
from bot.ports import MemberRef
from bot.services import membership
from bot.services.texts import back_on, dms_refused
from bot.storage import queries as q
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import APP_ID, GUILD_ID, FakeDiscord
from tests.adapters.discord.steps import (
    ALICE,
    BOB,
    EPHEMERAL,
    click,
    command,
    custom_ids,
    first_nudge,
    interaction_id,
    make_kind,
    where,
)


async def test_the_whole_journey(bot: RunningBot, fake: FakeDiscord) -> None:
    # /network-join in the server: a private acknowledgement, the welcome and the nudge by DM.
    joined = await command(fake, "network-join", ALICE)
    assert joined.body["content"].startswith("You're in!")
    assert joined.body["flags"] & EPHEMERAL
    nudge = await first_nudge(fake)
    await make_kind(bot.ctx, ALICE, "reach_out")  # a note on it may be shared
    welcome = fake.find("POST", "/messages")[0]
    assert "I'll nudge you at 09:00 (Europe/London)" in welcome.body["content"]
    embed = nudge.body["embeds"][0]
    assert embed["title"] == "Today's challenge" and embed["description"]
    ids = custom_ids(nudge.body)
    delivery_id = int(ids[0].rsplit(":", 1)[1])
    assert ids == [
        f"nudge:v1:{verb}:{delivery_id}" for verb in ("done", "skip", "easy", "hard", "share")
    ]
    async with bot.ctx.db.transaction() as session:
        member = await q.member_by_ref(session, MemberRef("discord", "", str(ALICE)))
        assert member is not None and member.team == str(GUILD_ID)

    # Done: the nudge is redrawn in place with what was logged and the streak.
    dm_channel, message_id = where(nudge)
    iid, deferred = await click(fake, ids[0], ALICE, dm_channel, message_id)
    assert deferred.body["type"] == 6
    edited = await fake.wait_call("PATCH", f"/webhooks/{APP_ID}/token-{iid}/messages/")
    logged = edited.body["embeds"][0]["fields"][-1]["value"]
    assert logged.startswith("✅ Done · 🔥 Streak: 1 day")
    assert custom_ids(edited.body) == [f"nudge:v1:share:{delivery_id}"]
    said = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert "🔥 Streak: 1 day" in said.body["content"]
    assert not said.body.get("flags", 0) & EPHEMERAL  # in the DM: a plain message

    # A typed reply after done: kept as a note, with an offer to share it and to keep Sam.
    before = len(fake.find("POST", f"/channels/{dm_channel}/messages"))
    await fake.dispatch(
        "MESSAGE_CREATE",
        payloads.dm_message(fake.next_id(), ALICE, dm_channel, "called Sam, it went well"),
    )
    answer = await fake.wait_call("POST", f"/channels/{dm_channel}/messages", before)
    assert answer.body["content"].startswith("Added that to your note")
    assert "Keep Sam in your people?" in answer.body["content"]
    assert custom_ids(answer.body) == [
        f"nudge:v1:share:{delivery_id}",
        f"nudge:v1:keep:{delivery_id}",
        f"nudge:v1:nokeep:{delivery_id}",
    ]
    iid, _ = await click(
        fake, f"nudge:v1:keep:{delivery_id}", ALICE, dm_channel, int(answer.answer["id"])
    )
    kept = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert kept.body["content"].startswith("Kept Sam.")

    # /network-tip with a topic: private, one piece of advice.
    tip = await command(fake, "network-tip", ALICE, {"topic": "fear"})
    assert tip.body["content"].startswith("💡") and tip.body["flags"] & EPHEMERAL

    # Settings: zone autocomplete offers IANA names; the form saves validated values.
    iid = interaction_id()
    await fake.dispatch(
        "INTERACTION_CREATE",
        payloads.autocomplete(iid, "network-settings", ALICE, "zone", "berl"),
    )
    choices = (await fake.wait_call("POST", f"/interactions/{iid}/")).body
    assert choices["type"] == 8
    assert {"name": "Europe/Berlin", "value": "Europe/Berlin"} in choices["data"]["choices"]
    saved = await command(
        fake, "network-settings", ALICE, {"zone": "Europe/Berlin", "time": "8:30"}
    )
    assert "Saved." in saved.body["content"]
    assert "Time zone: Europe/Berlin" in saved.body["content"]
    assert "Nudge time: 08:30" in saved.body["content"]
    wrong = await command(fake, "network-settings", ALICE, {"time": "25:99"})
    assert "isn't a time I can use" in wrong.body["content"]

    # A member whose DMs are closed: parked at once, told how to open them, no retries.
    fake.closed_dms.add(BOB)
    refused = await command(fake, "network-join", BOB)
    assert refused.body["content"] == dms_refused(OPEN_DMS)
    bob = MemberRef("discord", "", str(BOB))
    assert await membership.status(bot.ctx, bob) == ("parked", "dms_closed")
    attempts = [c for c in fake.find("POST", "/messages") if c.status == 403]
    assert len(attempts) == 1
    # Their next command tells them how to open DMs and puts the nudges back on.
    streak = await command(fake, "network-streak", BOB)
    assert streak.body["content"].startswith(back_on(OPEN_DMS))
    assert await membership.status(bot.ctx, bob) == ("active", None)


async def test_the_other_commands_in_the_bots_dm(bot: RunningBot, fake: FakeDiscord) -> None:
    await command(fake, "network-join", ALICE)
    channel, _ = where(await first_nudge(fake))
    shown = await command(fake, "network-settings", ALICE, dm_channel=channel)
    assert shown.body["content"].startswith("Your settings:")
    assert not shown.body.get("flags", 0) & EPHEMERAL  # in the DM: a plain message
    paused = await command(fake, "network-pause", ALICE, {"duration": "3 days"})
    assert paused.body["content"].startswith("Paused. I'll be back from Thu 26 Nov")
    resumed = await command(fake, "network-resume", ALICE)
    assert resumed.body["content"].startswith("Welcome back!")
    won = await command(fake, "network-win", ALICE, {"text": "Had coffee with a new colleague"})
    saved, no_channel = won.body["content"].split("\n")
    assert saved == "🎉 Saved to your wins: “Had coffee with a new colleague”"
    assert no_channel.startswith("Your team has no wins channel yet, so it stays with you")
    streak = await command(fake, "network-streak", ALICE)
    assert streak.body["content"].startswith("🔥 Streak: 0 days")
