"""Multi-workspace installs: OAuth through the fake Slack, kept in our database, removed on
uninstall, and the token a workspace installed is the one its messages go out with."""

from __future__ import annotations

import logging
import re
from html import unescape
from typing import Any
from urllib import parse

import aiohttp
from sqlalchemy import inspect

from adapters.slack.install import BOT_SCOPES
from bot.config import Secret
from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import INSTALLED_TOKEN, TEAM, eventually

USER = "U0DEV"
OAUTH = {
    "slack_bot_token": None,
    "slack_client_id": "1111.2222",
    "slack_client_secret": Secret("client-secret"),
}


async def test_install_join_and_uninstall(slack_bot: Any) -> None:
    async with slack_bot(**OAUTH) as bot, aiohttp.ClientSession() as browser:
        fake, base = bot.fake, f"http://127.0.0.1:{bot.runtime.port}"
        async with bot.ctx.db.engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        assert {"slack_installations", "slack_bots", "slack_oauth_states"} <= set(tables)

        async with browser.get(f"{base}/slack/install") as page:
            assert page.status == 200
            html = await page.text()
            cookie = page.headers["Set-Cookie"].split(";")[0]
        found = re.search(r'href="(http[^"]+)"', html)
        assert found is not None
        link = parse.urlsplit(unescape(found.group(1)))
        query = dict(parse.parse_qsl(link.query))
        assert f"{link.scheme}://{link.netloc}{link.path}" == f"{fake.url}/oauth/v2/authorize"
        assert query["client_id"] == "1111.2222"
        assert set(query["scope"].split(",")) == set(BOT_SCOPES)

        redirect = f"{base}/slack/oauth_redirect?code=the-code&state={query['state']}"
        async with browser.get(redirect, headers={"Cookie": cookie}) as done:
            assert done.status == 200, await done.text()
        assert fake.called("oauth.v2.access")[0].args["code"] == "the-code"
        assert await bot.messenger.tokens.bot_token(TEAM) == INSTALLED_TOKEN

        await bot.driver.command(
            payloads.command(USER, "/network-join", response_url=fake.response_url())
        )
        posts = await fake.wait_calls("chat.postMessage", 3)
        assert {p.token for p in posts} == {INSTALLED_TOKEN}

        await bot.driver.event(payloads.event({"type": "app_uninstalled"}))

        async def removed() -> bool:
            return await bot.messenger.tokens.bot_token(TEAM) is None

        await eventually(removed, what="the installation removed")


async def _install(bot: Any, browser: aiohttp.ClientSession) -> None:
    base = f"http://127.0.0.1:{bot.runtime.port}"
    async with browser.get(f"{base}/slack/install") as page:
        html = await page.text()
        cookie = page.headers["Set-Cookie"].split(";")[0]
    found = re.search(r'state=([^&"]+)', unescape(html))
    assert found is not None
    redirect = f"{base}/slack/oauth_redirect?code=the-code&state={found.group(1)}"
    async with browser.get(redirect, headers={"Cookie": cookie}) as done:
        assert done.status == 200, await done.text()


async def test_a_workspace_of_an_enterprise_grid_org_installs_and_joins(slack_bot: Any) -> None:
    """Slack stores a Grid workspace's installation under the org's id and the team's; the
    workspace's messages still go out with its token."""
    async with slack_bot(**OAUTH) as bot, aiohttp.ClientSession() as browser:
        bot.fake.enterprise = "E0GRID"
        await _install(bot, browser)
        join = payloads.command(USER, "/network-join", response_url=bot.fake.response_url())
        join |= {"enterprise_id": "E0GRID", "enterprise_name": "Grid Org"}
        join["is_enterprise_install"] = "false"
        await bot.driver.command(join)
        posts = await bot.fake.wait_calls("chat.postMessage", 3)
        assert {p.token for p in posts} == {INSTALLED_TOKEN}
        assert "add nudgebot to Slack again" not in str(bot.fake.responses)


async def test_the_access_log_never_holds_the_oauth_code(slack_bot: Any, caplog: Any) -> None:
    """aiohttp's default access log writes the request line, query string included: the code
    Slack's redirect carries could be exchanged for a token by whoever reads the log."""
    caplog.set_level(logging.INFO, logger="aiohttp.access")
    async with slack_bot(**OAUTH) as bot, aiohttp.ClientSession() as browser:
        await _install(bot, browser)
    lines = [r.getMessage() for r in caplog.records if r.name == "aiohttp.access"]
    assert any('"GET /slack/oauth_redirect" 200' in line for line in lines), lines
    assert not [line for line in lines if "the-code" in line or "state=" in line]


async def test_a_stale_install_state_is_refused(slack_bot: Any) -> None:
    async with slack_bot(**OAUTH) as bot, aiohttp.ClientSession() as browser:
        redirect = f"http://127.0.0.1:{bot.runtime.port}/slack/oauth_redirect?code=c&state=forged"
        async with browser.get(redirect) as page:
            assert page.status >= 400
        assert bot.fake.called("oauth.v2.access") == []
