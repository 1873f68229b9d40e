"""Discord through the durable inbox: what a member does is stored before the deferral, answered
once even when the bot dies between storing and handling, answered "couldn't save" when the
database refuses it, and drained within the grace period on a stop."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select, text, update

from adapters.discord import app, replay
from adapters.discord.app import RunningBot, running_bot
from bot.config import Settings
from bot.services import inbox
from bot.services.texts import NOT_SAVED, SORRY
from bot.storage.inbox import Claimed
from bot.storage.tables import InboxEntry
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import APP_ID, FakeDiscord
from tests.adapters.discord.steps import (
    ALICE,
    EPHEMERAL,
    command,
    deliveries,
    interaction_id,
    joined,
    nudges_sent,
)
from tests.adapters.discord.test_robustness import outcomes

WAIT = 5.0


async def _waiting(bot: RunningBot) -> int:
    async with bot.ctx.db.transaction() as session:
        query = select(func.count()).where(InboxEntry.done_at.is_(None))
        return int(await session.scalar(query) or 0)


async def _until_waiting(bot: RunningBot, count: int) -> None:
    for _ in range(int(WAIT / 0.02)):
        if await _waiting(bot) == count:
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{await _waiting(bot)} inbox entries waiting, not {count}")


async def _settled(bot: RunningBot) -> None:
    """Nothing stored is waiting and the worker holds nothing: a repeat would show by now."""
    assert bot.worker is not None
    await _until_waiting(bot, 0)
    for _ in range(int(WAIT / 0.02)):
        if not bot.worker.in_flight:
            break
        await asyncio.sleep(0.02)
    await asyncio.sleep(0.2)


def _paused(bot: RunningBot) -> None:
    """The worker takes nothing more: what arrives is stored and deferred, then left."""
    assert bot.worker is not None
    bot.worker.concurrency = 0


@asynccontextmanager
async def _away(bot: RunningBot, table: str) -> AsyncIterator[None]:
    """``table`` out of reach (its reads and writes fail as on a database that refuses them),
    then back."""
    async with bot.ctx.db.transaction() as session:
        await session.execute(text(f"ALTER TABLE {table} RENAME TO {table}_away"))
    try:
        yield
    finally:
        async with bot.ctx.db.transaction() as session:
            await session.execute(text(f"ALTER TABLE {table}_away RENAME TO {table}"))


async def _joined(bot: RunningBot, fake: FakeDiscord) -> tuple[int, int, int]:
    """Alice joined and all handled: her DM, her nudge, and how much the bot said there."""
    channel, message = await joined(fake)
    await _settled(bot)
    return channel, message, len(_said_in(fake, channel))


def _said_in(fake: FakeDiscord, channel: int) -> list[str]:
    return [c.body.get("content") or "" for c in fake.posts_in(channel)]


async def _restarted(settings: Settings, fake: FakeDiscord, clock: Any) -> Any:
    fake.ready.clear()
    return running_bot(settings, clock)


async def test_a_dm_stored_before_a_crash_is_answered_once_by_the_next_start(
    discord_settings: Settings, fake: FakeDiscord, clock: Any
) -> None:
    settings = replace(discord_settings, shutdown_grace_seconds=0)
    async with running_bot(settings, clock) as bot:
        await fake.ready.wait()
        channel, _, before = await _joined(bot, fake)
        _paused(bot)
        dm = payloads.dm_message(fake.next_id(), ALICE, channel, "done")
        await fake.dispatch("MESSAGE_CREATE", dm)
        await _until_waiting(bot, 1)
        await asyncio.sleep(0.2)
        assert len(_said_in(fake, channel)) == before  # stored, not handled: then it dies
    assert await outcomes(bot, ALICE) == ["open"]
    async with await _restarted(settings, fake, clock) as again:
        await fake.ready.wait()
        await fake.wait_for(lambda: len(_said_in(fake, channel)) > before)
        await _settled(again)
        (answer,) = _said_in(fake, channel)[before:]
        assert "Streak: 1 day" in answer
        assert await outcomes(again, ALICE) == ["done"]
        # Delivered again by the gateway (a resume): stored once, so nothing more.
        await fake.dispatch("MESSAGE_CREATE", dm)
        await _settled(again)
        assert len(_said_in(fake, channel)) == before + 1


async def test_a_command_deferred_before_a_crash_is_followed_up_once_by_the_next_start(
    discord_settings: Settings, fake: FakeDiscord, clock: Any
) -> None:
    settings = replace(discord_settings, shutdown_grace_seconds=0)
    iid = interaction_id()
    async with running_bot(settings, clock) as bot:
        await fake.ready.wait()
        _paused(bot)
        await fake.dispatch("INTERACTION_CREATE", payloads.slash(iid, "network-join", ALICE))
        deferred = await fake.wait_call("POST", f"/interactions/{iid}/")
        assert deferred.body["type"] == 5 and deferred.body["data"]["flags"] == EPHEMERAL
        await asyncio.sleep(0.2)
        assert not fake.find("POST", "/webhooks/") and not nudges_sent(fake)
    async with await _restarted(settings, fake, clock) as again:
        await fake.ready.wait()
        follow_up = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
        await fake.wait_for(lambda: nudges_sent(fake))
        await _settled(again)
        assert follow_up.body["flags"] == EPHEMERAL and follow_up.body["content"]
        assert len(fake.find("POST", "/webhooks/")) == 1
        assert len(fake.find("POST", f"/interactions/{iid}/")) == 1  # deferred once, live
        assert len(nudges_sent(fake)) == 1 and len(await deliveries(again.ctx, ALICE)) == 1


async def test_once_the_token_is_gone_the_answer_goes_to_the_members_dm(
    discord_settings: Settings, fake: FakeDiscord, clock: Any
) -> None:
    settings = replace(discord_settings, shutdown_grace_seconds=0)
    late, refused = interaction_id(), interaction_id()
    async with running_bot(settings, clock) as bot:
        await fake.ready.wait()
        _paused(bot)
        tip = payloads.slash(late, "network-tip", ALICE, {"topic": "fear"})
        await fake.dispatch("INTERACTION_CREATE", tip)
        await fake.wait_call("POST", f"/interactions/{late}/")
        await _until_waiting(bot, 1)
    async with bot.ctx.db.transaction() as session:  # the bot was down for 20 minutes
        stored = inbox.utc_now() - inbox.LEASE * 40
        await session.execute(update(InboxEntry).values(received_at=stored))
    async with await _restarted(settings, fake, clock) as again:
        await fake.ready.wait()
        (opened,) = await fake.wait_for(lambda: fake.find("POST", "/users/@me/channels"))
        channel = int(opened.answer["id"])
        await fake.wait_for(lambda: fake.posts_in(channel))
        # Live, but Discord refuses the token all the same (it expired on its side).
        fake.expired_tokens.add(f"token-{refused}")
        tip = payloads.slash(refused, "network-tip", ALICE, {"topic": "mentor"})
        await fake.dispatch("INTERACTION_CREATE", tip)
        refusal = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{refused}")
        assert refusal.status == 401
        await fake.wait_for(lambda: len(fake.posts_in(channel)) == 2)
        await _settled(again)
    assert not fake.find("POST", f"/webhooks/{APP_ID}/token-{late}")
    assert all(said for said in _said_in(fake, channel)) and len(fake.posts_in(channel)) == 2


async def test_when_the_database_cannot_store_it_the_member_is_told_to_try_again(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    channel, message, before = await _joined(bot, fake)
    async with _away(bot, "inbox"):
        await fake.dispatch(
            "MESSAGE_CREATE", payloads.dm_message(fake.next_id(), ALICE, channel, "done")
        )
        await fake.wait_for(lambda: len(_said_in(fake, channel)) == before + 1)
        await fake.dispatch(
            "MESSAGE_REACTION_ADD", payloads.reaction(ALICE, channel, message, "✅")
        )
        await fake.wait_for(lambda: len(_said_in(fake, channel)) == before + 2)
        iid = interaction_id()
        await fake.dispatch("INTERACTION_CREATE", payloads.slash(iid, "network-streak", ALICE))
        answer = await fake.wait_call("POST", f"/interactions/{iid}/")
    assert _said_in(fake, channel)[before:] == [NOT_SAVED, NOT_SAVED]
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] == EPHEMERAL
    assert answer.body["data"]["content"] == NOT_SAVED
    assert await outcomes(bot, ALICE) == ["open"]
    # Tried again a minute later, as told: stored, and handled.
    said = await command(fake, "network-streak", ALICE)
    assert "Streak" in said.body["content"]


async def test_stopping_drains_what_is_stored_within_the_grace_period(
    discord_settings: Settings, fake: FakeDiscord, clock: Any
) -> None:
    async with running_bot(discord_settings, clock) as bot:
        await fake.ready.wait()
        channel, _, before = await _joined(bot, fake)
        _paused(bot)
        for _ in range(6):
            dm = payloads.dm_message(fake.next_id(), ALICE, channel, "help")
            await fake.dispatch("MESSAGE_CREATE", dm)
        await _until_waiting(bot, 6)
        assert bot.worker is not None
        bot.worker.concurrency = 2  # the stop handles them
    assert len(_said_in(fake, channel)) == before + 6
    assert await _waiting(bot) == 0


async def test_sigterm_lets_the_work_in_hand_finish_then_stops(
    discord_settings: Settings, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = asyncio.Event()
    real = replay.handler

    def slow(client: Any, tree: Any) -> inbox.Handler:
        handle = real(client, tree)

        async def slowly(entry: Claimed) -> None:
            if entry.kind == "message":
                taken.set()
                await asyncio.sleep(0.5)  # still handling when the signal comes
            await handle(entry)

        return slowly

    monkeypatch.setattr(replay, "handler", slow)
    serving = asyncio.create_task(app.serve(discord_settings))  # listens for the signals itself
    await asyncio.wait_for(fake.ready.wait(), WAIT)
    channel, _ = await joined(fake)
    before = len(_said_in(fake, channel))
    await fake.dispatch(
        "MESSAGE_CREATE", payloads.dm_message(fake.next_id(), ALICE, channel, "done")
    )
    await asyncio.wait_for(taken.wait(), WAIT)
    os.kill(os.getpid(), signal.SIGTERM)
    assert await asyncio.wait_for(serving, WAIT) == 0
    (answer,) = _said_in(fake, channel)[before:]
    assert "Streak: 1 day" in answer


async def _failed(bot: RunningBot) -> int:
    async with bot.ctx.db.transaction() as session:
        query = select(func.count()).where(InboxEntry.last_error.is_not(None))
        return int(await session.scalar(query) or 0)


async def test_a_dm_and_a_command_whose_handling_fails_are_tried_again_and_answered_once(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    channel, _, before = await _joined(bot, fake)
    iid = interaction_id()
    async with _away(bot, "processed_events"):  # stored, then the handling fails
        dm = payloads.dm_message(fake.next_id(), ALICE, channel, "done")
        await fake.dispatch("MESSAGE_CREATE", dm)
        await fake.dispatch("INTERACTION_CREATE", payloads.slash(iid, "network-streak", ALICE))
        for _ in range(int(WAIT / 0.02)):
            if await _failed(bot) == 2:
                break
            await asyncio.sleep(0.02)
        assert await _failed(bot) == 2 and len(_said_in(fake, channel)) == before
        assert not fake.find("POST", "/webhooks/")[1:]  # only the join's: no sorry
    await fake.wait_for(lambda: len(_said_in(fake, channel)) > before)  # after the backoff
    follow_up = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    await _settled(bot)
    (answer,) = _said_in(fake, channel)[before:]
    assert "Streak: 1 day" in answer and "Streak" in follow_up.body["content"]
    assert len(fake.find("POST", f"/webhooks/{APP_ID}/token-{iid}")) == 1
    assert await outcomes(bot, ALICE) == ["done"]


async def test_a_command_given_up_gets_a_sorry_in_the_dm_not_silence(
    bot: RunningBot, fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    channel, _, before = await _joined(bot, fake)
    monkeypatch.setattr(inbox, "MAX_ATTEMPTS", 1)
    async with _away(bot, "processed_events"):  # a failure of its own, not an outage
        iid = interaction_id()
        await fake.dispatch("INTERACTION_CREATE", payloads.slash(iid, "network-streak", ALICE))
        await fake.wait_for(lambda: len(_said_in(fake, channel)) > before)
        await _settled(bot)
    assert _said_in(fake, channel)[before:] == [SORRY]
    assert not fake.find("POST", f"/webhooks/{APP_ID}/token-{iid}")


async def _get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as answer:
        return answer.status, await answer.text()


async def test_with_a_health_port_discord_serves_healthz_readyz_and_metrics(
    discord_settings: Settings, fake: FakeDiscord, clock: Any
) -> None:
    settings = replace(discord_settings, health_port=0)  # 0: any free port
    async with running_bot(settings, clock) as bot:
        await fake.ready.wait()
        assert bot.health is not None
        url = f"http://127.0.0.1:{bot.health.port}"
        channel, _, _ = await _joined(bot, fake)
        assert await _get(f"{url}/healthz") == (200, '{"ok": true}')
        status, body = await _get(f"{url}/readyz")
        assert status == 200 and '"ready": true' in body
        _paused(bot)
        await fake.dispatch(
            "MESSAGE_CREATE", payloads.dm_message(fake.next_id(), ALICE, channel, "done")
        )
        await _until_waiting(bot, 1)
        status, metrics = await _get(f"{url}/metrics")
        assert status == 200 and "nudgebot_inbox_depth 1.0" in metrics
        # Stored: the join command and the DM; handled: the join.
        assert "nudgebot_inbox_stored_total 2.0" in metrics
        assert "nudgebot_inbox_handled_total 1.0" in metrics
        async with bot.ctx.db.transaction() as session:  # stored ten minutes ago, not handled
            await session.execute(
                update(InboxEntry)
                .where(InboxEntry.done_at.is_(None))
                .values(received_at=inbox.utc_now() - inbox.LEASE * 20)
            )
        status, body = await _get(f"{url}/readyz")
        assert status == 503 and "inbox" in body


async def test_without_a_health_port_discord_serves_nothing(bot: RunningBot) -> None:
    assert bot.health is None
