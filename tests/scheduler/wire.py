"""The platforms on the wire, for the outbound fault suite: a local fake of Slack or Discord, the
real client library's messenger pointed at it, and what the fake holds, member by member.

The fakes keep what the platforms keep: Slack a DM's history with each message's metadata,
Discord each created message and the nonces it enforces. A nudge counted here is a message the
member would see, so a resend the platform recognised (Discord's ``enforce_nonce``) or that was
never made (found by ``find_sent`` first) does not count twice.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from adapters.discord.client import rest_client
from adapters.discord.endpoints import overridden
from adapters.discord.messenger import DiscordMessenger
from adapters.slack import clients
from adapters.slack.messenger import SlackMessenger
from adapters.slack.tokens import SingleWorkspace
from bot.config import Secret, Settings
from bot.ports import MemberRef, Messenger
from tests.adapters.discord.fake_discord import TOKEN as DISCORD_TOKEN
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.slack.fake_slack import TEAM, FakeSlack

PLATFORMS = ("slack", "discord")
SLACK_TOKEN = "xoxb-test-token"
#: Discord user ids are snowflakes; the members' are these plus their number.
FIRST_DISCORD_USER = 300000000000000000
#: Discord's rate-limit bucket, as its headers say: room for 32 sends at once, the bot's bound.
BUCKET = 50
#: The action id of a nudge's Done button, the same on both platforms.
DONE = "nudge:v1:done:"


def members(platform: str, count: int) -> list[MemberRef]:
    if platform == "slack":
        return [MemberRef("slack", TEAM, f"U{i:04d}") for i in range(count)]
    return [MemberRef("discord", "", str(FIRST_DISCORD_USER + i)) for i in range(count)]


@asynccontextmanager
async def messenger(platform: str, api: str) -> AsyncIterator[Messenger]:
    """The messenger ``nudgebot run`` builds (slack_sdk or discord.py), talking to ``api``."""
    if platform == "slack":
        settings = Settings(slack_api_url=api, slack_bot_token=Secret(SLACK_TOKEN))
        yield SlackMessenger(clients.web_client(settings), SingleWorkspace(SLACK_TOKEN))
        return
    with overridden(api, None):
        client = rest_client()
        async with client:
            await client.login(DISCORD_TOKEN)
            yield DiscordMessenger(client)


@dataclass
class Wire:
    platform: str
    fake: Any

    @property
    def api(self) -> str:
        return str(self.fake.api_url if self.platform == "slack" else self.fake.api)

    def posts(self) -> int:
        """Messages the fake has created, answered or not (a nudge's texts among them)."""
        if self.platform == "slack":
            return sum(1 for c in self.fake.called("chat.postMessage") if c.result.get("ok"))
        return sum(1 for c in self.fake.find("POST", "/messages") if c.status == 200)

    def refuse_sends(self, count: int) -> None:
        """The next ``count`` message posts refused, as by a platform having an outage."""
        if self.platform == "slack":
            for _ in range(count):
                self.fake.fail("chat.postMessage", "service_unavailable", status=503)
        else:
            self.fake.unavailable_next = count

    def messages(self) -> dict[str, list[tuple[bool, str]]]:
        """Each member's DM as the platform keeps it: (is it a nudge, what it shows)."""
        found: dict[str, list[tuple[bool, str]]] = {}
        for channel, kept in self.fake.history.items():
            if self.platform == "slack":
                user = str(channel).removeprefix("D")
                shown = [(_slack_nudge(m), str(m.get("text"))) for m in kept]
            else:
                user = str(self.fake.dm_channels[channel])
                shown = [(_discord_nudge(m), json.dumps(_shown(m))) for m in kept]
            found.setdefault(user, []).extend(shown)
        return found

    def nudges(self) -> Counter[str]:
        """How many nudges each member has in their DM."""
        return Counter(
            {
                user: sum(is_nudge for is_nudge, _ in shown)
                for user, shown in self.messages().items()
            }
        )

    def repeated(self) -> int:
        """Messages a member has twice (the same text, or the same embed and buttons)."""
        return sum(
            n - 1 for shown in self.messages().values() for n in Counter(shown).values() if n > 1
        )

    async def until(self, check: Callable[[], Any], within: float = 60, what: str = "") -> None:
        deadline = time.monotonic() + within
        while not check():
            assert time.monotonic() < deadline, f"timed out waiting for {what or 'the fake'}"
            await asyncio.sleep(0.005)


def _slack_nudge(message: dict[str, Any]) -> bool:
    """A nudge has its Done button (its metadata is how it is found again, not what is seen)."""
    return any(
        str(element.get("action_id", "")).startswith(DONE)
        for block in message.get("blocks") or []
        if block.get("type") == "actions"
        for element in block.get("elements") or []
    )


def _discord_nudge(message: dict[str, Any]) -> bool:
    """A nudge has its Done button (the nonce is how it was sent, not what the member sees)."""
    return any(
        str(button.get("custom_id", "")).startswith(DONE)
        for row in message.get("components") or []
        for button in row.get("components") or []
    )


def _shown(message: dict[str, Any]) -> dict[str, Any]:
    return {key: message.get(key) for key in ("content", "embeds", "components")}


@asynccontextmanager
async def on_the_wire(platform: str, latency: float = 0.0) -> AsyncIterator[Wire]:
    """The platform's fake on 127.0.0.1, answering each call ``latency`` s after it took effect."""
    if platform == "slack":
        slack = await FakeSlack().start()
        slack.latency = latency
        try:
            yield Wire(platform, slack)
        finally:
            await slack.stop()
        return
    async with FakeDiscord(latency=latency, bucket_size=BUCKET) as discord:
        yield Wire(platform, discord)
