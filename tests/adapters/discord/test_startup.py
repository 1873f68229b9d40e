"""Starting up: what Discord is told (commands, intents, shards) and where the bot connects."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import timedelta

import aiohttp
import discord
import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord.gateway import DiscordWebSocket
from discord.http import Route

from adapters.discord.app import RunningBot, main, running_bot, serve
from adapters.discord.client import ShardedNudgeClient
from adapters.web import server
from bot.config import Secret, Settings
from bot.ports import MemberRef, TeamRef
from bot.services import digests, membership
from bot.services.context import Context
from bot.services.health import Heartbeat
from scheduler import jobs
from tests.adapters.discord.fake_discord import APP_ID, GUILD_ID, WINS_CHANNEL_ID, FakeDiscord
from tests.adapters.slack.test_app import free_port
from tests.adapters.web.test_access import press_sign_in
from tests.bot.services.steps import admin_typed

COMMANDS = {
    "network-join",
    "network-tip",
    "network-streak",
    "network-settings",
    "network-pause",
    "network-resume",
    "network-win",
    "network-export",
    "network-forget",
    "network-link",
    "network-people",
    "network-intros",
    "network-admin",
}


async def test_commands_are_synced_globally_with_their_limits(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    (sync,) = fake.find("PUT", f"/applications/{APP_ID}/commands")
    commands = {c["name"]: c for c in sync.body}
    assert set(commands) == COMMANDS
    assert str(commands["network-admin"]["default_member_permissions"]) == "32"  # Manage Server
    assert commands["network-admin"]["contexts"] == [0]  # servers only
    assert commands["network-join"]["contexts"] == [0, 1]  # servers and the bot's DM
    assert all(c["integration_types"] == [0] for c in sync.body)  # installed to servers
    options = {o["name"]: o for o in commands["network-settings"]["options"]}
    assert options["zone"]["autocomplete"] is True
    assert options["share"]["type"] == 5  # boolean
    tip = commands["network-tip"]["options"][0]
    assert tip["name"] == "topic" and tip["autocomplete"] and not tip.get("required")
    admin = {o["name"]: o for o in commands["network-admin"]["options"]}
    assert list(admin) == [
        "channel",
        "stop_sharing",
        "digest_day",
        "digest_time",
        "zone",
        "leaderboard",
        "holidays",
        "dashboard",
        "intros",
        "intros_day",
    ]
    assert [c["value"] for c in admin["intros"]["choices"]] == ["weekly", "every 2 weeks", "off"]
    assert not any(o.get("required") for o in admin.values())
    assert admin["channel"]["type"] == 7 and admin["channel"]["channel_types"] == [0, 5]  # text
    assert [c["value"] for c in admin["digest_day"]["choices"]] == [
        *("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
        "off",
    ]
    assert admin["zone"]["autocomplete"] is True and admin["leaderboard"]["type"] == 5
    forget = commands["network-forget"]["options"]
    assert [(o["name"], o["type"], o.get("required")) for o in forget] == [("confirm", 5, False)]
    link = commands["network-link"]["options"]
    assert [(o["name"], o["type"], o.get("required")) for o in link] == [("code", 3, False)]


async def test_only_the_intents_it_needs(bot: RunningBot, fake: FakeDiscord) -> None:
    assert fake.identify is not None
    wanted = discord.Intents(fake.identify["intents"])
    assert wanted == discord.Intents(guilds=True, dm_messages=True, dm_reactions=True)
    assert not wanted.message_content and not wanted.members and not wanted.presences


async def test_a_dev_guild_gets_the_commands_at_once(
    discord_settings: Settings, fake: FakeDiscord, clock
) -> None:
    settings = replace(discord_settings, discord_dev_guild=GUILD_ID)
    async with running_bot(settings, clock):
        await fake.ready.wait()
    (sync,) = fake.find("PUT", f"/applications/{APP_ID}/guilds/{GUILD_ID}/commands")
    assert {c["name"] for c in sync.body} == COMMANDS
    assert not fake.find("PUT", f"/applications/{APP_ID}/commands")


async def test_shards_run_an_auto_sharded_client(
    discord_settings: Settings, fake: FakeDiscord, clock
) -> None:
    settings = replace(discord_settings, discord_shards=1)
    async with running_bot(settings, clock) as running:
        await fake.ready.wait()
        assert isinstance(running.client, ShardedNudgeClient)
        assert fake.identify is not None and fake.identify["shard"] == [0, 1]


async def test_the_endpoints_are_put_back_afterwards(
    discord_settings: Settings, fake: FakeDiscord, clock
) -> None:
    before = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    async with running_bot(discord_settings, clock):
        assert fake.api == Route.BASE
        await fake.ready.wait()
    assert before == (Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY)
    assert before[0].startswith("https://discord.com/api/")


async def test_with_dashboard_port_the_dashboard_answers_while_the_bot_runs(
    discord_settings: Settings, fake: FakeDiscord, clock
) -> None:
    port = free_port()
    settings = replace(discord_settings, dashboard_port=port)
    async with running_bot(settings, clock) as running:
        await fake.ready.wait()
        await membership.join(
            running.ctx, MemberRef("discord", str(GUILD_ID), "100000000000000001")
        )
        served = server.Running(None, f"http://127.0.0.1:{port}")  # type: ignore[arg-type]
        link = await server.login_link(served, running.ctx.db, None, clock)
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            page = await press_sign_in(client, link)
            assert page.status == 200
            assert "nudgebot dashboard" in await page.text()
            page.release()
    with socket.socket() as probe:  # and it stopped with the bot
        assert probe.connect_ex(("127.0.0.1", port)) != 0


async def test_a_delivery_only_instance_needs_no_gateway(
    discord_settings: Settings, fake: FakeDiscord, clock
) -> None:
    alice = MemberRef("discord", "", "100000000000000001")
    async with running_bot(discord_settings, clock, gateway=False) as running:
        assert running.connection is None
        await membership.join(running.ctx, alice)
        clock.now += timedelta(days=1, hours=1)  # Tuesday 09:00 London
        assert await jobs.deliver_tick(running.ctx) == 1
    assert len([c for c in fake.find("POST", "/messages") if c.body.get("embeds")]) == 2
    assert fake.identify is None  # never opened the gateway
    assert not fake.find("PUT", "/commands")  # commands belong to the gateway instance


async def test_the_scheduler_posts_each_teams_weekly_digest(
    discord_settings: Settings, fake: FakeDiscord, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = TeamRef("discord", str(GUILD_ID))
    async with running_bot(discord_settings, clock, gateway=False) as running:
        setting = f"channel {WINS_CHANNEL_ID} digest fri 16:30"
        await admin_typed(running.ctx, team, setting)
    schedulers: list[AsyncIOScheduler] = []
    started = jobs.running

    @asynccontextmanager
    async def watched(
        ctx: Context,
        post_digest: jobs.DigestPoster | None = None,
        heartbeat: Heartbeat | None = None,
    ) -> AsyncIterator[AsyncIOScheduler]:
        async with started(ctx, post_digest, heartbeat) as scheduler:
            schedulers.append(scheduler)
            yield scheduler

    monkeypatch.setattr(jobs, "running", watched)
    async with running_bot(discord_settings, clock, gateway=False):
        (scheduler,) = schedulers
        job = scheduler.get_job(f"digest:discord:{GUILD_ID}")
        assert job is not None and job.args[1] is digests.post_digest
        assert str(job.trigger) == ("cron[day_of_week='fri', hour='16', minute='30']")


async def test_a_refused_token_stops_start_up_without_showing_it(
    discord_settings: Settings, fake: FakeDiscord, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = replace(discord_settings, discord_token=Secret("wrong-token-value"))
    with pytest.raises(discord.LoginFailure):
        await serve(wrong)
    assert "wrong-token-value" not in caplog.text


def test_no_token_is_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(Settings()) == 2
    assert "DISCORD_TOKEN" in capsys.readouterr().err
