"""A team on Discord: the admin's wins channel, shares posted there, and the weekly digest,
through the real discord.py client and the local fake Discord."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from sqlalchemy import select

from adapters.discord.app import RunningBot, running_bot
from bot.commands import ADMIN_OPTIONS as USAGE
from bot.config import Settings
from bot.services import dashboard_access, digests, team_admin
from bot.storage.tables import Team
from bot.team_settings import ADMIN_USAGE
from scheduler import jobs
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import (
    APP_ID,
    GUILD_ID,
    LOCKED_CHANNEL_ID,
    WINS_CHANNEL_ID,
    Call,
    FakeDiscord,
)
from tests.adapters.discord.steps import (
    ALICE,
    BOB,
    EPHEMERAL,
    click,
    command,
    custom_ids,
    first_nudge,
    make_kind,
    nudges_sent,
    say,
    where,
)

DAYS = ("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27")  # Mon–Fri
TEAM_SETTINGS = {
    "digest_day": "fri",
    "digest_time": "16:30",
    "zone": "europe/berlin",
    "leaderboard": True,
}


async def team_row(bot: RunningBot) -> Team | None:
    async with bot.ctx.db.transaction() as session:
        return await session.scalar(
            select(Team).where(Team.platform == "discord", Team.team_id == str(GUILD_ID))
        )


async def set_wins_channel(fake: FakeDiscord, user: int = BOB) -> Call:
    return await command(
        fake,
        "network-admin",
        user,
        channels={"channel": WINS_CHANNEL_ID},
        permissions=payloads.MANAGE_GUILD,
    )


async def test_only_someone_with_manage_server_changes_the_team_settings(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    wins = {"channel": WINS_CHANNEL_ID}
    refused = await command(fake, "network-admin", ALICE, TEAM_SETTINGS, channels=wins)
    assert refused.body["content"] == team_admin.NOT_ADMIN
    assert refused.body["flags"] & EPHEMERAL
    assert not fake.posts_in(WINS_CHANNEL_ID)
    assert await team_row(bot) is None  # nothing saved

    saved = await command(
        fake,
        "network-admin",
        ALICE,
        TEAM_SETTINGS,
        channels=wins,
        permissions=payloads.MANAGE_GUILD,
    )
    (hello,) = fake.posts_in(WINS_CHANNEL_ID)
    assert hello.body["content"].startswith("👋 Hello! From now on, wins people choose to share")
    assert "every Fri at 16:30 (Europe/Berlin)" in hello.body["content"]
    assert hello.body["allowed_mentions"] == {"parse": ["users"]}  # never @everyone
    said = saved.body["content"]
    assert said.startswith("Saved.\nTeam settings:") and saved.body["flags"] & EPHEMERAL
    assert f"• Wins channel: <#{WINS_CHANNEL_ID}>" in said
    assert "• Weekly digest: Fri at 16:30 (Europe/Berlin)" in said
    assert "• Leaderboard (opted-in members only): on" in said
    assert said.endswith(USAGE) and ADMIN_USAGE not in said  # Discord's options, not text
    row = await team_row(bot)
    assert row is not None and row.wins_channel == str(WINS_CHANNEL_ID)
    assert (row.digest_weekday, f"{row.digest_time:%H:%M}", row.zone) == (
        5,
        "16:30",
        "Europe/Berlin",
    )
    assert row.leaderboard is True

    # No options: the settings, nothing posted again; the digest switched off.
    shown = await command(fake, "network-admin", BOB, permissions=payloads.MANAGE_GUILD)
    assert shown.body["content"].startswith("Team settings:\n• Wins channel: <#")
    off = await command(
        fake, "network-admin", BOB, {"digest_day": "off"}, permissions=payloads.MANAGE_GUILD
    )
    assert "• Weekly digest: off" in off.body["content"]
    assert len(fake.posts_in(WINS_CHANNEL_ID)) == 1


async def test_a_channel_the_bot_may_not_post_in_is_not_saved(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    answer = await command(
        fake,
        "network-admin",
        ALICE,
        channels={"channel": LOCKED_CHANNEL_ID},
        permissions=payloads.MANAGE_GUILD,
    )
    assert answer.body["content"] == team_admin.CANNOT_POST
    attempts = fake.find("POST", f"/channels/{LOCKED_CHANNEL_ID}/messages")
    assert [c.status for c in attempts] == [403]  # Missing Access, tried once
    row = await team_row(bot)
    assert row is None or row.wins_channel is None


async def test_a_week_of_wins_shared_only_when_asked_and_the_digest(
    bot: RunningBot, fake: FakeDiscord, clock
) -> None:
    await set_wins_channel(fake)
    (hello,) = fake.posts_in(WINS_CHANNEL_ID)
    await command(fake, "network-join", ALICE)
    dm_channel, _ = where(await first_nudge(fake))

    # A week of nudges, each done with a note: nothing reaches the team channel.
    answers = []
    for number, day in enumerate(DAYS):
        if number:
            clock.set_local(f"{day}T09:00", "Europe/London")
            assert await jobs.deliver_tick(bot.ctx) == 1
        await make_kind(bot.ctx, ALICE, "reach_out")
        answers.append(await say(fake, dm_channel, f"note {number}: wrote to an old colleague"))
    assert len(nudges_sent(fake)) == 5
    assert all(custom_ids(a.body) for a in answers)  # each note offered to share
    assert fake.posts_in(WINS_CHANNEL_ID) == [hello]

    # Three explicit shares: the button on Friday's note, a `win:` reply, /network-win.
    friday = answers[-1]
    iid, _ = await click(fake, custom_ids(friday.body)[0], ALICE, *where(friday))
    shared = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert shared.body["content"] in bot.ctx.catalog.phrases["win_shared"]
    await say(fake, dm_channel, "win: Dana introduced me to her manager")
    await command(fake, "network-win", ALICE, {"text": "Spoke up at the meetup"})
    mention = f"<@{ALICE}>"
    assert [c.body["content"] for c in fake.posts_in(WINS_CHANNEL_ID)[1:]] == [
        f"🎉 {mention} shared a win:\n> note 4: wrote to an old colleague",
        f"🎉 {mention} shared a win:\n> Dana introduced me to her manager",
        f"🎉 {mention} shared a win:\n> Spoke up at the meetup",
    ]
    # Sharing the same note again posts nothing new.
    iid, _ = await click(fake, custom_ids(friday.body)[0], ALICE, *where(friday))
    again = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert again.body["content"] == "That one is already saved as a win. 🎉"
    assert len(fake.posts_in(WINS_CHANNEL_ID)) == 4

    # Friday 16:00 in London: the week's digest, in the wins channel, once.
    clock.set_local("2026-11-27T16:00", "Europe/London")
    text = await digests.post_digest(bot.ctx, f"discord:{GUILD_ID}")
    assert text is not None
    digest = fake.posts_in(WINS_CHANNEL_ID)[-1]
    assert digest.body["content"] == text
    lines = text.split("\n")
    assert lines[0] == "📣 Team week, 21–27 Nov"
    assert lines[2:] == [
        "• ✅ 5 challenges done by 1 person",
        "• 🎉 3 wins shared",
        "• 🏅 1 milestone reached",  # Alice's 3 days; she didn't opt in to be named
        "• 🔥 Team streak: 5 days in a row",
    ]
    assert await digests.post_digest(bot.ctx, f"discord:{GUILD_ID}") is None
    assert len(fake.posts_in(WINS_CHANNEL_ID)) == 5


async def test_the_dashboard_option_sends_the_admin_a_one_time_link_by_dm(
    discord_settings: Settings, fake: FakeDiscord, clock: Any
) -> None:
    settings = replace(discord_settings, dashboard_url="https://dash.example.com")
    async with running_bot(settings, clock):
        await asyncio.wait_for(fake.ready.wait(), 5)
        answer = await command(
            fake, "network-admin", BOB, {"dashboard": True}, permissions=payloads.MANAGE_GUILD
        )
        assert answer.body["content"] == dashboard_access.LINK_SENT
        [dm] = [
            c
            for c in fake.find("POST", "/channels/")
            if "dash.example.com/login?token=" in str(c.body.get("content"))
        ]
        assert "ten minutes" in dm.body["content"]
        refused = await command(fake, "network-admin", ALICE, {"dashboard": True})
        assert refused.body["content"] == team_admin.NOT_ADMIN
