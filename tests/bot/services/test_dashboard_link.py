"""``/network-admin dashboard``: a team admin gets a one-time link by DM, for their team only."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from bot import commands
from bot.commands import Origin
from bot.ports import MemberRef
from bot.services import dashboard_access, inbound

ADMIN = MemberRef("slack", "T1", "UADMIN")


def asked(is_admin=True, team="T1", event_id=None):
    origin = Origin(ADMIN, team=team, is_admin=is_admin, event_id=event_id)
    return origin, commands.read("/network-admin dashboard", origin)


def switched_on(ctx):
    return replace(ctx, settings=replace(ctx.settings, dashboard_url="https://dash.example.com"))


async def test_an_admin_gets_a_ten_minute_link_for_their_team(ctx, messenger, clock):
    ctx = switched_on(ctx)
    reply = await inbound.run(ctx, *asked())
    assert reply.text == dashboard_access.LINK_SENT
    (dm,) = messenger.sent
    assert dm.to == ADMIN
    token = re.search(r"https://dash\.example\.com/login\?token=([\w-]+)", dm.text).group(1)
    assert "ten minutes" in dm.text
    clock.now += timedelta(minutes=9)
    opened = await dashboard_access.redeem(ctx.db, token, clock())
    assert opened.session.team == "slack:T1"
    assert opened.session.may_read("slack:T1") and not opened.session.may_read("slack:T2")
    # Single use.
    assert await dashboard_access.redeem(ctx.db, token, clock()) is None


async def test_the_link_expires_after_ten_minutes(ctx, messenger, clock):
    ctx = switched_on(ctx)
    await inbound.run(ctx, *asked())
    token = messenger.texts[0].rsplit("token=", 1)[1]
    clock.now += timedelta(minutes=10, seconds=1)
    assert await dashboard_access.redeem(ctx.db, token, clock()) is None


async def test_only_admins_and_only_when_the_dashboard_is_on(ctx, messenger):
    reply = await inbound.run(switched_on(ctx), *asked(is_admin=False))
    assert "Only admins" in reply.text
    reply = await inbound.run(ctx, *asked())
    assert reply.text == dashboard_access.NO_DASHBOARD
    reply = await inbound.run(switched_on(ctx), *asked(team=None))
    assert reply.text == dashboard_access.NO_TEAM
    assert messenger.sent == []


async def test_a_retried_command_sends_one_link(ctx, messenger):
    ctx = switched_on(ctx)
    await inbound.run(ctx, *asked(event_id="ev-1"))
    assert await inbound.run(ctx, *asked(event_id="ev-1")) is None
    assert len(messenger.sent) == 1


async def test_other_words_still_change_the_settings():
    origin = Origin(ADMIN, team="T1", is_admin=True)
    assert isinstance(
        commands.read("/network-admin digest fri 16:30", origin), commands.AdminChange
    )
