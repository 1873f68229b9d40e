"""Slack's requests go through the durable inbox: stored before the ack, refused with a retryable
answer when they cannot be stored, handled once, and kept across a stop for the next start."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, text

from bot.services.health import Heartbeat
from bot.storage.tables import InboxEntry
from tests.adapters.slack import payloads
from tests.adapters.slack.test_requests import USER, joined, settle


async def _move_inbox(bot: Any, away: bool) -> None:
    """The inbox table out of reach (the write fails as on a database that refuses it), or back."""
    old, new = ("inbox", "inbox_away") if away else ("inbox_away", "inbox")
    async with bot.ctx.db.transaction() as session:
        await session.execute(text(f"ALTER TABLE {old} RENAME TO {new}"))


async def _waiting(bot: Any) -> int:
    async with bot.ctx.db.transaction() as session:
        query = select(func.count()).where(InboxEntry.done_at.is_(None))
        return int(await session.scalar(query) or 0)


async def test_an_event_that_cannot_be_stored_gets_a_500_and_slacks_retry_is_handled_once(
    slack_bot: Any,
) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        message = payloads.dm(USER, "done")
        await _move_inbox(bot, away=True)
        refused = await bot.driver.event(message)
        assert refused["status"] == 500  # Slack retries an event it got a 5xx for
        await settle(bot)
        assert bot.fake.in_thread(message["event"]["ts"]) == []
        await _move_inbox(bot, away=False)
        assert (await bot.driver.event(message, retry=1))["status"] == 200
        assert (await bot.driver.event(message, retry=2))["status"] == 200  # stored once
        ts = message["event"]["ts"]
        (answer,) = await bot.fake.wait_for(lambda: bot.fake.in_thread(ts))
        assert "Streak: 1 day" in answer.args["text"]
        await settle(bot)
        assert len(bot.fake.in_thread(ts)) == 1


async def test_in_socket_mode_an_event_that_cannot_be_stored_is_not_acked(
    slack_bot: Any,
) -> None:
    async with slack_bot(socket=True) as bot:
        await joined(bot)
        message = payloads.dm(USER, "done")
        await _move_inbox(bot, away=True)
        envelope = await bot.fake.send_envelope("events_api", message)
        with pytest.raises(AssertionError, match="timed out"):
            await bot.fake.wait_ack(envelope, limit=1)
        await _move_inbox(bot, away=False)
        # Slack sends an unacknowledged event again, in a new envelope.
        assert (await bot.driver.event(message))["status"] == 200
        ts = message["event"]["ts"]
        await bot.fake.wait_for(lambda: bot.fake.in_thread(ts))
        await settle(bot)
        assert len(bot.fake.in_thread(ts)) == 1


async def test_what_a_stop_leaves_in_the_inbox_is_handled_once_at_the_next_start(
    slack_bot: Any,
) -> None:
    messages = [payloads.dm(USER, "help") for _ in range(20)]
    async with slack_bot(shutdown_grace_seconds=0) as bot:
        await joined(bot)
        await bot.fake.wait_for(lambda: bot.fake.responses, what="the join's answer")
        bot.runtime.worker.concurrency = 0  # acknowledged, not handled yet: then stopped
        for message in messages:
            assert (await bot.driver.event(message))["status"] == 200
    assert await _waiting(bot) == 20
    async with slack_bot() as again:
        for message in messages:
            ts = message["event"]["ts"]
            await again.fake.wait_for(lambda ts=ts: again.fake.in_thread(ts), limit=20)
        await settle(again)
        assert all(len(again.fake.in_thread(m["event"]["ts"])) == 1 for m in messages)
        assert await _waiting(again) == 0


async def test_readyz_says_what_keeps_the_bot_from_working(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        session, url = bot.driver.session, bot.driver.url
        beat = bot.runtime.probes.heartbeat
        beat.beat()
        async with session.get(f"{url}/readyz") as ready:
            assert ready.status == 200 and (await ready.json())["ready"] is True
        beat.last_tick = beat.started = beat.started - 3600  # no tick for an hour
        async with session.get(f"{url}/readyz") as ready:
            assert ready.status == 503
            (problem,) = (await ready.json())["problems"]
            assert problem.startswith("scheduler: no delivery tick")
        beat.beat()
        await _move_inbox(bot, away=True)
        async with session.get(f"{url}/readyz") as ready:
            assert ready.status == 503
            assert (await ready.json())["problems"][0].startswith("database: can't read the inbox")
        async with session.get(f"{url}/healthz") as alive:
            assert alive.status == 200  # alive all the same: a restart would not help
        await _move_inbox(bot, away=False)


async def test_readyz_is_503_while_the_inbox_is_backed_up(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        bot.runtime.probes.heartbeat.beat()
        bot.runtime.worker.concurrency = 0
        assert (await bot.driver.event(payloads.dm(USER, "help")))["status"] == 200
        async with bot.ctx.db.transaction() as session:
            await session.execute(
                text("UPDATE inbox SET received_at = received_at - INTERVAL '5 minutes'")
                if not bot.ctx.db.is_sqlite
                else text("UPDATE inbox SET received_at = datetime(received_at, '-5 minutes')")
            )
        async with bot.driver.session.get(f"{bot.driver.url}/readyz") as ready:
            assert ready.status == 503
            (problem,) = (await ready.json())["problems"]
            assert problem.startswith("inbox: the oldest stored event has waited 30")
        async with bot.driver.session.get(f"{bot.driver.url}/metrics") as metrics:
            figures = await metrics.text()
        assert "nudgebot_inbox_depth 1.0" in figures
        assert "nudgebot_ack_latency_seconds_count 1.0" in figures


def test_heartbeat_counts_from_the_start_until_the_first_tick() -> None:
    beat = Heartbeat(started=100.0)
    assert beat.tick_age(130.0) == 30.0
    beat.last_tick = 125.0
    assert beat.tick_age(130.0) == 5.0
