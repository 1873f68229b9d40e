"""The Messenger over REST only: no gateway connection, as a delivery-only instance runs it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import discord
import pytest

from adapters.discord.client import rest_client
from adapters.discord.endpoints import overridden
from adapters.discord.messenger import (
    HISTORY_LOOKBACK,
    DiscordMessenger,
    delivery_errors,
    nonce_of,
)
from bot.ports import MemberRef, RecipientUnreachable, TemporaryDeliveryError, Unreachable
from bot.services import delivery, dispatch, membership
from bot.services.context import Context
from bot.storage import queries as q
from bot.views import ChallengeCard, ChannelRef
from tests.adapters.discord.fake_discord import (
    GUILD_ID,
    LOCKED_CHANNEL_ID,
    TOKEN,
    WINS_CHANNEL_ID,
    FakeDiscord,
    message,
    user,
)
from tests.adapters.discord.steps import ALICE, BOB, custom_ids, nudges_sent
from tests.bot.services.steps import crash_then_resend

alice = MemberRef("discord", "", str(ALICE))


@pytest.fixture
async def rest_ctx(fake: FakeDiscord, ctx: Context) -> AsyncIterator[Context]:
    with overridden(fake.api, None):
        client = rest_client()
        async with client:
            await client.login(TOKEN)
            yield Context(ctx.db, ctx.catalog, DiscordMessenger(client), ctx.clock, ctx.settings)


async def test_nudges_go_out_over_rest_alone(rest_ctx: Context, fake: FakeDiscord, clock) -> None:
    await membership.join(rest_ctx, alice)
    clock.now += timedelta(days=1, hours=1)  # Tuesday 09:00 London has come
    assert await dispatch.deliver_due(rest_ctx) == 1
    first, second = nudges_sent(fake)
    assert first.answer["channel_id"] == second.answer["channel_id"]
    assert custom_ids(second.body)[0].startswith("nudge:v1:done:")
    assert len(fake.find("POST", "/users/@me/channels")) == 1  # the DM channel is cached
    assert fake.identify is None  # never connected to the gateway


async def tuesdays_ref(ctx: Context) -> str | None:
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, alice)
        assert member is not None
        return (await q.deliveries_of(session, member.id))[-1].message_ref


async def test_a_nudge_sent_again_is_the_first_message(
    rest_ctx: Context, fake: FakeDiscord, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash after the send, before it was recorded, and Alice wrote a lot since, so the nudge
    is not among the DM's latest messages: the next tick sends again after the lease, and
    Discord (honouring ``enforce_nonce``) hands back the first message instead of a second."""
    await membership.join(rest_ctx, alice)
    clock.now += timedelta(days=1, hours=1)  # Tuesday 09:00 London

    def alice_chats() -> None:
        [channel] = fake.dm_channels
        chat = [
            message(fake.next_id(), channel, user(ALICE), "hi") for _ in range(HISTORY_LOOKBACK)
        ]
        fake.history[channel] += chat

    assert await crash_then_resend(rest_ctx, clock, monkeypatch, alice_chats) == 1
    _, first, again = nudges_sent(fake)
    assert first.body["nonce"] == again.body["nonce"] and first.body["enforce_nonce"] is True
    assert again.answer["id"] == first.answer["id"]  # one message in the DM, not two
    assert await tuesdays_ref(rest_ctx) == f"{first.answer['channel_id']}:{first.answer['id']}"


async def test_a_nudge_discord_no_longer_dedupes_is_found_in_the_dm(
    rest_ctx: Context, fake: FakeDiscord, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The restart took longer than the few minutes Discord remembers a nonce: the nudge is
    found among the DM's latest messages by its buttons, and recorded instead of sent again."""
    await membership.join(rest_ctx, alice)
    clock.now += timedelta(days=1, hours=1)
    fake.nonce_memory = 0.0

    assert await crash_then_resend(rest_ctx, clock, monkeypatch) == 1
    assert len(nudges_sent(fake)) == 2  # Monday's and Tuesday's: no second card on Tuesday
    first = nudges_sent(fake)[-1]
    (lookup,) = fake.find("GET", f"/channels/{first.answer['channel_id']}/messages")
    assert lookup.query["limit"] == str(HISTORY_LOOKBACK)
    assert await tuesdays_ref(rest_ctx) == f"{first.answer['channel_id']}:{first.answer['id']}"


def test_a_nudges_nonce_fits_discords_25_characters_for_any_delivery_id() -> None:
    card = ChallengeCard(2**63 - 1, date(2026, 11, 24), "Say hello.", "reach-out", "reach", 1, 5)
    assert len(nonce_of(card)) <= 25
    assert nonce_of(card) != nonce_of(replace(card, delivery_id=2**63 - 2))


async def test_update_card_edits_the_message_in_place(rest_ctx: Context, fake: FakeDiscord) -> None:
    await membership.join(rest_ctx, alice)
    (nudge,) = nudges_sent(fake)
    ref = f"{nudge.answer['channel_id']}:{nudge.answer['id']}"
    async with rest_ctx.db.transaction() as session:
        member = await q.member_by_ref(session, alice)
        assert member is not None
        (today,) = await q.deliveries_of(session, member.id)
        view = delivery.card_of(rest_ctx.catalog, today, status="✅ Done · 🔥 Streak: 1 day")
    await rest_ctx.messenger.update_card(alice, ref, view)
    (edit,) = fake.find("PATCH", f"/channels/{nudge.answer['channel_id']}/messages/")
    assert edit.body["embeds"][0]["fields"][-1]["value"] == "✅ Done · 🔥 Streak: 1 day"


async def test_closed_dms_are_permanent(rest_ctx: Context, fake: FakeDiscord) -> None:
    fake.closed_dms.add(BOB)
    with pytest.raises(RecipientUnreachable) as refused:
        await rest_ctx.messenger.send_text(MemberRef("discord", "", str(BOB)), "hello")
    assert refused.value.reason == "dms_closed"


async def test_posts_go_to_the_servers_channel_pinging_only_members(
    rest_ctx: Context, fake: FakeDiscord
) -> None:
    wins = ChannelRef("discord", str(GUILD_ID), str(WINS_CHANNEL_ID))
    messenger = rest_ctx.messenger
    text = f"🎉 {messenger.mention(alice)} shared a win in {messenger.mention(wins)} @everyone"
    ref = await messenger.post(wins, text)
    (posted,) = fake.posts_in(WINS_CHANNEL_ID)
    assert ref == f"{WINS_CHANNEL_ID}:{posted.answer['id']}"
    assert posted.body["content"] == (
        f"🎉 <@{ALICE}> shared a win in <#{WINS_CHANNEL_ID}> @everyone"
    )
    assert posted.body["allowed_mentions"] == {"parse": ["users"]}  # @everyone stays text
    await messenger.post(wins, "y" * 2500)
    assert fake.posts_in(WINS_CHANNEL_ID)[-1].body["content"] == "y" * 2000


async def test_a_channel_that_refuses_raises_the_ports_error(
    rest_ctx: Context, fake: FakeDiscord
) -> None:
    locked = ChannelRef("discord", str(GUILD_ID), str(LOCKED_CHANNEL_ID))
    with pytest.raises(RecipientUnreachable) as refused:
        await rest_ctx.messenger.post(locked, "hello")
    assert refused.value.kind is Unreachable.NO_ACCESS
    assert isinstance(refused.value.__cause__, discord.Forbidden)
    assert refused.value.__cause__.code == 50001  # Missing Access
    with pytest.raises(RecipientUnreachable) as unknown:  # not a Discord channel id at all
        await rest_ctx.messenger.post(ChannelRef("discord", str(GUILD_ID), "general"), "hello")
    assert unknown.value.kind is Unreachable.GONE


def _http_error(kind: type[discord.HTTPException], status: int, code: int) -> Exception:
    response = SimpleNamespace(status=status, reason="x")
    return kind(response, {"code": code, "message": "x"})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "expected", "reason"),
    [
        (_http_error(discord.Forbidden, 403, 50007), RecipientUnreachable, "dms_closed"),
        (_http_error(discord.Forbidden, 403, 50001), RecipientUnreachable, "forbidden_50001"),
        (_http_error(discord.NotFound, 404, 10013), RecipientUnreachable, "not_found_10013"),
        (_http_error(discord.HTTPException, 401, 0), RecipientUnreachable, "token_revoked"),
        (_http_error(discord.DiscordServerError, 503, 0), TemporaryDeliveryError, "http_503"),
        (discord.RateLimited(120.0), TemporaryDeliveryError, "rate_limited"),
        (TimeoutError(), TemporaryDeliveryError, "network: TimeoutError"),
    ],
)
async def test_platform_errors_become_the_ports_errors(
    error: Exception, expected: type[Exception], reason: str
) -> None:
    with pytest.raises(expected) as raised:
        async with delivery_errors():
            raise error
    assert raised.value.reason == reason  # type: ignore[attr-defined]
    if isinstance(error, discord.RateLimited):
        assert raised.value.retry_after == 120.0  # type: ignore[attr-defined]
