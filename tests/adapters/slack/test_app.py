"""``nudgebot run slack`` end to end: settings in, the app, the database and the tick running."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
from dataclasses import replace
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import scheduler.jobs
from adapters.slack import app
from bot.config import Secret, Settings
from bot.services import digests
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import slack_settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_serve_answers_health_and_slack_until_stopped(
    fake: Any, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started_with: list[object] = []
    real_running = scheduler.jobs.running

    def running(ctx: Any, post_digest: Any = None, heartbeat: Any = None) -> Any:
        started_with.append(post_digest)
        return real_running(ctx, post_digest, heartbeat)

    monkeypatch.setattr(scheduler.jobs, "running", running)
    port = free_port()
    settings = replace(
        slack_settings(fake, db),
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
        port=port,
    )
    stop = asyncio.Event()
    serving = asyncio.create_task(app.serve(settings, stop))
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):  # until the server is up
                try:
                    async with session.get(f"http://127.0.0.1:{port}/healthz") as health:
                        assert health.status == 200 and (await health.json()) == {"ok": True}
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.01)
            else:
                raise AssertionError("the server never came up")
        from tests.adapters.slack.conftest import SIGNING_SECRET
        from tests.adapters.slack.drivers import HttpDriver

        driver = HttpDriver(f"http://127.0.0.1:{port}", SIGNING_SECRET)
        try:
            await driver.command(
                payloads.command("U0EVE", "/network-join", response_url=fake.response_url())
            )
        finally:
            await driver.close()
        await fake.wait_calls("chat.postMessage", 3)
        async with aiohttp.ClientSession() as session:
            # Ready once the first delivery tick has run; the join went through the inbox.
            for _ in range(300):
                async with session.get(f"http://127.0.0.1:{port}/readyz") as ready:
                    if ready.status == 200:
                        assert (await ready.json()) == {"ready": True, "problems": []}
                        break
                await asyncio.sleep(0.02)
            else:
                raise AssertionError("never ready")
            async with session.get(f"http://127.0.0.1:{port}/metrics") as metrics:
                figures = await metrics.text()
        assert "nudgebot_inbox_stored_total 1.0" in figures
        assert "nudgebot_inbox_handled_total 1.0" in figures
        assert "nudgebot_tick_duration_seconds_count" in figures
    finally:
        stop.set()
        assert await asyncio.wait_for(serving, 5) == 0
    assert started_with == [digests.post_digest]  # the scheduler posts the weekly digests


def test_main_refuses_settings_that_cannot_work(capsys: Any) -> None:
    assert app.main(Settings()) == 2
    assert "SLACK_BOT_TOKEN" in capsys.readouterr().err
    unsigned = Settings(slack_bot_token=Secret("xoxb-x"))  # HTTP mode without a signing secret
    assert app.main(unsigned) == 2
    assert "SLACK_SIGNING_SECRET" in capsys.readouterr().err


def run_settings(fake: Any, db: Any, tmp_path: Path, **changes: Any) -> Settings:
    """Settings for ``app.serve`` / ``app.main``: a database file of its own, a free port."""
    own = {"database_url": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}", "port": free_port()}
    return replace(slack_settings(fake, db), **{**own, **changes})


def test_swapped_or_wrong_kind_tokens_are_named_without_showing_them(capsys: Any) -> None:
    swapped = Settings(
        slack_bot_token=Secret("xapp-1-A0-secretpart"),
        slack_app_token=Secret("xoxb-1-secretpart"),
    )
    assert app.main(swapped) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN and SLACK_APP_TOKEN are swapped" in err and "secretpart" not in err
    user_token = Settings(slack_bot_token=Secret("xoxp-1-secretpart"), slack_app_token=None)
    assert app.main(replace(user_token, slack_signing_secret=Secret("s"))) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN is a user token" in err and "OAuth & Permissions" in err
    not_app = Settings(slack_bot_token=Secret("xoxb-1"), slack_app_token=Secret("xoxb-2"))
    assert app.main(not_app) == 2
    assert "SLACK_APP_TOKEN is a bot token" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("method", "key"),
    [("apps.connections.open", "SLACK_APP_TOKEN"), ("auth.test", "SLACK_BOT_TOKEN")],
)
async def test_a_token_slack_refuses_stops_start_up_with_exit_2(
    fake: Any, db: Any, tmp_path: Path, capsys: Any, method: str, key: str
) -> None:
    """Socket Mode used to retry a refused app-level token forever."""
    fake.fail(method, "invalid_auth")
    settings = run_settings(fake, db, tmp_path, slack_app_token=Secret("xapp-1-bad"))
    # main() runs its own loop; the fake Slack keeps serving on this one.
    code = await asyncio.wait_for(asyncio.to_thread(app.main, settings), 10)
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err == f"Configuration problem: Slack refused {key} (invalid_auth): " + (
        "copy an app-level token (xapp-…) with the connections:write scope from "
        "Basic Information → App-Level Tokens."
        if key == "SLACK_APP_TOKEN"
        else "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions."
    )
    assert not fake.sockets  # no websocket was tried


async def test_a_port_in_use_is_named(fake: Any, db: Any, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        settings = run_settings(fake, db, tmp_path, port=taken.getsockname()[1])
        with pytest.raises(app.ConfigurationError, match=r"^PORT=\d+: can't listen on 127.0.0.1"):
            await asyncio.wait_for(app.serve(settings, asyncio.Event()), 10)


@pytest.mark.parametrize("when", ["connecting", "serving"])
async def test_sigint_and_sigterm_stop_it_while_connecting_and_while_serving(
    fake: Any, db: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """While Socket Mode cannot open its websocket, slack_sdk retries forever; a signal ends it."""
    attempts: list[object] = []

    async def hang_up(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        attempts.append(writer)
        writer.close()

    dead = await asyncio.start_server(hang_up, "127.0.0.1", 0)
    if when == "connecting":
        url = f"ws://127.0.0.1:{dead.sockets[0].getsockname()[1]}/socket"
        monkeypatch.setattr(fake, "m_apps_connections_open", lambda args: {"url": url})
    settings = run_settings(fake, db, tmp_path, slack_app_token=Secret("xapp-1-ok"))
    for rounds, sig in enumerate((signal.SIGINT, signal.SIGTERM), start=1):
        tried = len(attempts)
        serving = asyncio.create_task(app.serve(settings))  # listens for the signals itself
        if when == "serving":
            await fake.wait_for(lambda: fake.connections == rounds, what="a connection")  # noqa: B023
        else:
            await fake.wait_for(lambda: len(attempts) > tried, what="a websocket try")  # noqa: B023
            await asyncio.sleep(0.1)  # slack_sdk waits 10 s before it tries again
        os.kill(os.getpid(), sig)
        assert await asyncio.wait_for(serving, 5) == 0
    dead.close()


async def test_with_dashboard_port_the_dashboard_answers_while_the_bot_runs(
    fake: Any, db: Any, tmp_path: Path
) -> None:
    from adapters.web import server
    from bot.bootstrap import utc_now
    from bot.storage.database import Database
    from tests.adapters.web.test_access import press_sign_in

    port, dashboard_port = free_port(), free_port()
    settings = replace(
        slack_settings(fake, db),
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
        port=port,
        dashboard_port=dashboard_port,
    )
    stop = asyncio.Event()
    serving = asyncio.create_task(app.serve(settings, stop))
    base = f"http://127.0.0.1:{dashboard_port}"
    try:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
            for _ in range(300):  # until the bot is up
                try:
                    async with client.get(f"http://127.0.0.1:{port}/healthz") as health:
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.01)
            del health
            running = server.Running(None, base)  # type: ignore[arg-type]  # only its URL
            link_db = Database(settings.database_url)
            try:
                link = await server.login_link(running, link_db, None, utc_now)
            finally:
                await link_db.close()
            async with await press_sign_in(client, link) as page:
                assert page.status == 200
                assert "nudgebot dashboard" in await page.text()
        # Slack's own port is not the dashboard's.
        async with (
            aiohttp.ClientSession() as plain,
            plain.get(f"http://127.0.0.1:{port}/") as other,
        ):
            assert other.status == 404
    finally:
        stop.set()
        assert await asyncio.wait_for(serving, 5) == 0
