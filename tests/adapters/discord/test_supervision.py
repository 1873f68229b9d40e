"""The gateway supervisor's rules, with a stand-in client whose connections fail as told.

(The wire tests in test_gateway_frames.py show the real discord.py client surviving real frames.)
"""

from __future__ import annotations

import asyncio
import logging
from typing import cast

import discord
import pytest

from adapters.discord.supervision import supervise

BACKOFF = (0.01, 0.02, 0.03)


class FlakyClient:
    """Stands in for ``discord.Client``: each connection lasts its seconds, then fails; when
    they run out, ``then`` is raised, or the client closes."""

    def __init__(self, lasting: list[float], then: Exception | None = None) -> None:
        self.lasting = lasting
        self.then = then
        self.closed = False
        self.connects = 0
        self.ws = None

    def is_closed(self) -> bool:
        return self.closed

    async def connect(self) -> None:
        self.connects += 1
        if not self.lasting:
            if self.then is not None:
                raise self.then
            self.closed = True
            return
        await asyncio.sleep(self.lasting.pop(0))
        raise KeyError("words from a member's DM")


async def supervised(client: FlakyClient, healthy_after: float = 60.0) -> None:
    await supervise(cast(discord.Client, client), BACKOFF, healthy_after)


def waits(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage().rsplit(" in ", 1)[1] for r in caplog.records]


async def test_the_backoff_grows_and_then_repeats_its_longest_wait(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = FlakyClient([0, 0, 0, 0])
    await supervised(client)
    assert client.connects == 5
    assert waits(caplog) == ["0.01 s", "0.02 s", "0.03 s", "0.03 s"]
    for record in caplog.records:
        assert record.getMessage().startswith("The Discord gateway connection stopped (KeyError")
        assert "DM" not in record.getMessage() and record.exc_info is None


async def test_after_a_healthy_connection_the_backoff_starts_over(
    caplog: pytest.LogCaptureFixture,
) -> None:
    await supervised(FlakyClient([0, 0, 0.1, 0]), healthy_after=0.05)
    assert waits(caplog) == ["0.01 s", "0.02 s", "0.01 s", "0.02 s"]


@pytest.mark.parametrize(
    "refusal",
    [
        discord.PrivilegedIntentsRequired(shard_id=None),
        discord.ConnectionClosed(None, shard_id=None, code=4004),  # type: ignore[arg-type]
    ],
    ids=["privileged intents", "authentication failed"],
)
async def test_discord_refusing_the_bot_for_good_still_ends_it(refusal: Exception) -> None:
    client = FlakyClient([0], then=refusal)
    with pytest.raises(type(refusal)):
        await asyncio.wait_for(supervised(client), 1)
    assert client.connects == 2


async def test_a_client_closed_while_failing_is_left_closed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = FlakyClient([0.05, 0])
    supervising = asyncio.create_task(supervised(client))
    await asyncio.sleep(0.01)
    client.closed = True  # the bot is stopping
    await asyncio.wait_for(supervising, 1)
    assert client.connects == 1 and not [r for r in caplog.records if r.levelno >= logging.INFO]
