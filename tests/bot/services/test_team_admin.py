"""Team settings: only admins change them; a wins channel must take a hello post."""

from __future__ import annotations

from datetime import time

from bot.ports import MemberRef, TeamRef
from bot.services import membership
from tests.bot.services.steps import admin_typed, member_row
from tests.bot.services.team_steps import TEAM, WINS, team_row


async def test_only_admins_change_team_settings(ctx, messenger):
    refused = await admin_typed(ctx, TEAM, "channel here", is_admin=False, here="C-wins")
    assert "Only admins" in refused.text and "/network-settings" in refused.text
    assert await team_row(ctx) is None and messenger.posts == []
    shown = await admin_typed(ctx, TEAM, "", is_admin=False)
    assert "Only admins" in shown.text

    saved = await admin_typed(
        ctx, TEAM, "channel here digest mon 9:15 leaderboard on", here="C-wins"
    )
    assert saved.text.startswith("Saved.") and "<#C-wins>" in saved.text
    row = await team_row(ctx)
    assert (row.wins_channel, row.digest_weekday, row.digest_time, row.leaderboard) == (
        "C-wins",
        1,
        time(9, 15),
        True,
    )
    [(channel, hello)] = messenger.posts
    assert channel == WINS and "every Mon at 09:15 (Europe/London)" in hello


async def test_a_channel_that_refuses_the_hello_is_not_saved(ctx, messenger):
    messenger.refusing.add("C-private")
    reply = await admin_typed(ctx, TEAM, "channel C-private", is_admin=True)
    assert "couldn't post in that channel" in reply.text
    assert await team_row(ctx) is None  # nothing saved, not even the defaults
    bad = await admin_typed(ctx, TEAM, "digest someday", is_admin=True)
    assert "fri 16:30" in bad.text


async def test_a_member_the_platform_gives_no_zone_gets_the_teams(ctx):
    await admin_typed(ctx, TeamRef("discord", "G1"), "zone Asia/Tokyo")
    on_discord = MemberRef("discord", "", "1001")
    await membership.join(ctx, on_discord, team="G1")
    await membership.join(ctx, MemberRef("discord", "", "1002"), team="G-other")
    assert (await member_row(ctx, on_discord)).zone == "Asia/Tokyo"
    assert (await member_row(ctx, MemberRef("discord", "", "1002"))).zone == "Europe/London"
