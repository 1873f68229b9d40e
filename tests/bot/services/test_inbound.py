"""The one way in: retries dropped, members who come back, refused DMs, unexpected failures."""

from __future__ import annotations

import logging
from dataclasses import replace

import pytest

from bot import commands as c
from bot.commands import Origin
from bot.ports import MemberRef, RecipientUnreachable, TemporaryDeliveryError, Unreachable
from bot.services import inbound, membership, team_admin, texts
from tests.bot.services.steps import member_row

SAM = MemberRef("slack", "T1", "U0SAM")


class Refusing:
    """The fake messenger, except that DMs to everyone fail with ``error``."""

    def __init__(self, inner, error: Exception) -> None:
        self.inner, self.error = inner, error

    async def send_text(self, to, text, buttons=()):
        raise self.error

    async def send_card(self, to, card):
        raise self.error

    def __getattr__(self, name):
        return getattr(self.inner, name)


def using(ctx, messenger):
    return replace(ctx, messenger=messenger)


async def test_a_retried_event_is_answered_once(ctx):
    origin = Origin(SAM, event_id="slack:event:Ev1")
    await membership.join(ctx, SAM)
    first = await inbound.reply(ctx, origin, "done")
    assert first is not None and "done" in first.text.lower()
    assert await inbound.reply(ctx, origin, "done") is None
    assert await inbound.run(ctx, origin, c.Streak()) is None  # the same event id, whatever it says


async def test_a_member_parked_on_any_platform_comes_back_when_they_reach_us(ctx, messenger):
    await membership.join(ctx, SAM)
    await membership.park(ctx, SAM, "account_inactive")
    reply = await inbound.run(ctx, Origin(SAM, event_id="e1"), c.Streak())
    assert reply is not None
    assert reply.text.startswith(texts.back_on(messenger.explain(Unreachable.GONE)))
    assert "Streak" in reply.text  # and the answer they asked for, after the note
    assert (await member_row(ctx, SAM)).status == "active"
    again = await inbound.run(ctx, Origin(SAM, event_id="e2"), c.Streak())
    assert again is not None and not again.text.startswith("I couldn't reach you")


async def test_closed_dms_park_the_member_and_explain_in_the_platforms_words(ctx, messenger):
    closed = using(ctx, Refusing(messenger, RecipientUnreachable(Unreachable.DMS_CLOSED)))
    reply = await inbound.run(closed, Origin(SAM), c.Join())
    assert reply is not None
    assert reply.text == texts.dms_refused(messenger.explain(Unreachable.DMS_CLOSED))
    row = await member_row(ctx, SAM)
    assert (row.status, row.status_reason) == ("parked", "dms_closed")


async def test_a_temporary_failure_says_the_challenge_will_come_later(ctx, messenger):
    await membership.join(ctx, SAM)
    await membership.park(ctx, SAM, "user_not_found")
    flaky = using(ctx, Refusing(messenger, TemporaryDeliveryError("http_503")))
    # Joining again DMs a welcome back, and the platform fails for now: they hear so, in place.
    reply = await inbound.run(flaky, Origin(SAM), c.Join())
    assert reply is not None and reply.text == texts.NOT_DELIVERED
    assert (await member_row(ctx, SAM)).status == "active"


async def test_an_unexpected_failure_is_logged_once_with_its_traceback_and_answered(
    ctx, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    async def broken(*args):
        raise KeyError("a bug")

    monkeypatch.setitem(inbound.HANDLERS, c.Streak, broken)
    with caplog.at_level(logging.ERROR):
        reply = await inbound.run(ctx, Origin(SAM), c.Streak())
    assert reply is not None and reply.text == texts.SORRY
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.exc_info is not None and record.exc_info[0] is KeyError


async def test_someone_who_is_not_an_admin_hears_that_before_their_typo(ctx):
    mistyped = c.read("/network-admin colour blue", Origin(SAM))
    refused = await inbound.run(ctx, Origin(SAM, team="T1"), mistyped)  # type: ignore[arg-type]
    assert refused is not None and refused.text == team_admin.NOT_ADMIN
    admin = Origin(SAM, team="T1", is_admin=True)
    explained = await inbound.run(ctx, admin, mistyped)  # type: ignore[arg-type]
    assert explained is not None and "I don't know the team setting" in explained.text
