"""``nudgebot run slack`` end to end: settings in, the app, the database and the tick running."""

from __future__ import annotations

import asyncio
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

    def running(ctx: Any, post_digest: Any = None) -> Any:
        started_with.append(post_digest)
        return real_running(ctx, post_digest)

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
