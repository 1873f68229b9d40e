"""The Slack Messenger through the real AsyncWebClient against the fake Web API."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from adapters.slack import clients
from adapters.slack.messenger import SlackMessenger
from adapters.slack.tokens import SingleWorkspace
from bot.ports import MemberRef, RecipientUnreachable, TemporaryDeliveryError, Unreachable
from bot.services import dispatch, membership
from bot.storage import queries as q
from bot.views import ChallengeCard, ChannelRef, nudge_buttons
from tests.adapters.slack.conftest import slack_settings
from tests.adapters.slack.fake_slack import TEAM
from tests.bot.services.steps import crash_then_resend

ALICE = MemberRef("slack", TEAM, "U0ALICE")
CARD = ChallengeCard(
    delivery_id=7,
    day=date(2026, 11, 23),
    text="Send a two-line note to someone you haven't talked to in a year.",
    theme="building_relationships",
    kind="reach_out",
    level=1,
    minutes=5,
    why="Old ties are the easiest to warm up.",
    buttons=nudge_buttons(7),
)


@pytest.fixture
def messenger(fake: Any, db: Any) -> SlackMessenger:
    client = clients.web_client(slack_settings(fake, db))
    return SlackMessenger(client, SingleWorkspace("xoxb-test-token"))


async def test_a_card_opens_the_dm_posts_block_kit_and_returns_channel_and_ts(
    fake: Any, messenger: SlackMessenger
) -> None:
    ref = await messenger.send_card(ALICE, CARD)
    post = fake.called("chat.postMessage")[0]
    assert ref == f"{post.result['channel']}:{post.result['ts']}"
    assert post.args["channel"] == "DU0ALICE" and post.token == "xoxb-test-token"
    assert post.args["text"].startswith("Today's challenge: Send a two-line note")
    actions = next(b for b in post.args["blocks"] if b["type"] == "actions")
    assert next(e["action_id"] for e in actions["elements"]) == "nudge:v1:done:7"
    await messenger.send_text(ALICE, "hello")
    assert len(fake.called("conversations.open")) == 1  # the DM channel is remembered

    await messenger.update_card(ALICE, ref, CARD)
    update = fake.called("chat.update")[0]
    assert (update.args["channel"], update.args["ts"]) == tuple(ref.split(":"))


async def test_a_429_is_waited_out_and_the_message_sent_once(
    fake: Any, messenger: SlackMessenger
) -> None:
    fake.fail("chat.postMessage", "ratelimited", status=429, **{"Retry-After": "1"})
    started = time.monotonic()
    ref = await messenger.send_text(ALICE, "hello")
    assert time.monotonic() - started >= 0.9
    posts = fake.called("chat.postMessage")
    assert len(posts) == 2 and posts[1].result["ok"]  # one refused, one delivered
    assert ref == f"{posts[1].result['channel']}:{posts[1].result['ts']}"


@pytest.mark.parametrize(
    ("method", "error"),
    [
        ("conversations.open", "user_not_found"),
        ("chat.postMessage", "account_inactive"),
        ("conversations.open", "cannot_dm_bot"),
        ("chat.postMessage", "token_revoked"),
        ("chat.postMessage", "invalid_auth"),
        ("chat.postMessage", "not_authed"),
    ],
)
async def test_permanent_refusals_mean_unreachable(
    fake: Any, messenger: SlackMessenger, method: str, error: str
) -> None:
    fake.fail(method, error)
    with pytest.raises(RecipientUnreachable) as raised:
        await messenger.send_text(ALICE, "hello")
    assert raised.value.reason == error


async def test_other_errors_are_temporary(fake: Any, messenger: SlackMessenger) -> None:
    fake.fail("chat.postMessage", "internal_error", status=500)
    with pytest.raises(TemporaryDeliveryError) as raised:
        await messenger.send_text(ALICE, "hello")
    assert raised.value.reason == "internal_error"


async def test_a_workspace_without_an_installation_is_unreachable(
    fake: Any, messenger: SlackMessenger
) -> None:
    class Uninstalled:
        async def bot_token(self, team_id: str) -> str | None:
            return None

    messenger.tokens = Uninstalled()
    with pytest.raises(RecipientUnreachable):
        await messenger.send_card(ALICE, CARD)
    assert fake.calls == []


async def test_a_channel_post_goes_to_the_channel_with_the_workspace_token_unfurled_never(
    fake: Any, messenger: SlackMessenger
) -> None:
    wins = ChannelRef("slack", TEAM, "C0WINS")
    ref = await messenger.post(wins, f"🎉 {messenger.mention(ALICE)} shared a win: https://x.test")
    (post,) = fake.called("chat.postMessage")
    assert post.args["channel"] == "C0WINS" and post.token == "xoxb-test-token"
    assert post.args["text"].startswith("🎉 <@U0ALICE> shared a win")
    assert post.args["unfurl_links"] is False and post.args["unfurl_media"] is False
    assert ref == f"C0WINS:{post.result['ts']}"
    assert fake.called("conversations.open") == []  # a channel, not a DM
    assert messenger.mention(wins) == "<#C0WINS>"


async def test_a_channel_that_refuses_raises_the_ports_error(
    fake: Any, messenger: SlackMessenger
) -> None:
    fake.fail("chat.postMessage", "not_in_channel")
    with pytest.raises(RecipientUnreachable) as raised:
        await messenger.post(ChannelRef("slack", TEAM, "C0SECRET"), "hello")
    assert (raised.value.reason, raised.value.kind) == ("not_in_channel", Unreachable.NO_ACCESS)
    assert isinstance(raised.value.__cause__, SlackApiError)


async def test_a_nudge_carries_its_delivery_and_is_found_again_in_the_dms_history(
    fake: Any, messenger: SlackMessenger
) -> None:
    assert await messenger.find_sent(ALICE, CARD) is None  # nothing there yet
    ref = await messenger.send_card(ALICE, CARD)
    (post,) = fake.called("chat.postMessage")
    assert post.args["metadata"] == {
        "event_type": "nudgebot_nudge",
        "event_payload": {"delivery_id": 7},
    }
    await messenger.send_text(ALICE, "Nice work!")  # later messages don't hide it
    assert await messenger.find_sent(ALICE, CARD) == ref
    (lookup, *_) = fake.called("conversations.history")
    assert lookup.args["include_all_metadata"] in (True, "true", "1")
    other = ChallengeCard(**{**CARD.__dict__, "delivery_id": 8})
    assert await messenger.find_sent(ALICE, other) is None


async def test_a_nudge_unrecorded_after_a_crash_is_recorded_not_sent_again(
    fake: Any, messenger: SlackMessenger, ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    slack_ctx = replace(ctx, messenger=messenger)
    await membership.join(slack_ctx, ALICE)
    clock.now += timedelta(days=1, hours=1)  # Tuesday 09:00 London

    assert await crash_then_resend(slack_ctx, clock, monkeypatch) == 1
    cards = [c for c in fake.called("chat.postMessage") if c.args.get("metadata")]
    assert len(cards) == 2  # Monday's and Tuesday's, each once
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ALICE)
        assert member is not None
        tuesday = (await q.deliveries_of(session, member.id))[-1]
    assert tuesday.sent_at is not None
    assert tuesday.message_ref == f"{cards[1].result['channel']}:{cards[1].result['ts']}"


async def test_a_retry_unrecorded_after_a_crash_is_recorded_not_sent_again(
    fake: Any, messenger: SlackMessenger, ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Slack refused the first attempt (recorded, to retry later); the retry reached the DM and
    the process died before recording it: the next retry looks first, as after a first send."""
    slack_ctx = replace(ctx, messenger=messenger)
    await membership.join(slack_ctx, ALICE)
    clock.now += timedelta(days=1, hours=1)  # Tuesday 09:00 London
    fake.fail("chat.postMessage", "service_unavailable", status=503)
    assert await dispatch.deliver_due(slack_ctx) == 0
    clock.now += dispatch.FIRST_BACKOFF

    assert await crash_then_resend(slack_ctx, clock, monkeypatch) == 1
    cards = [
        c for c in fake.called("chat.postMessage") if c.result.get("ok") and c.args.get("metadata")
    ]
    assert len(cards) == 2  # Monday's and Tuesday's, each once
    assert fake.called("conversations.history")


async def test_a_lookup_that_fails_is_made_again_before_any_resend(
    fake: Any, messenger: SlackMessenger, ctx: Any, clock: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a crash, the look in the DM fails (Slack has a bad minute): whether the nudge
    arrived is still unknown, so the retry after the backoff looks again, and finds it."""
    slack_ctx = replace(ctx, messenger=messenger)
    await membership.join(slack_ctx, ALICE)
    clock.now += timedelta(days=1, hours=1)  # Tuesday 09:00 London
    fake.fail("conversations.history", "internal_error")

    assert await crash_then_resend(slack_ctx, clock, monkeypatch) == 0
    clock.now += dispatch.FIRST_BACKOFF
    assert await dispatch.deliver_due(slack_ctx) == 1
    cards = [c for c in fake.called("chat.postMessage") if c.args.get("metadata")]
    assert len(cards) == 2  # Monday's and Tuesday's, each once
    assert len(fake.called("conversations.history")) == 2
