"""Bad input and platform trouble: answered, logged, and nothing changes that shouldn't."""

from __future__ import annotations

import pytest

from adapters.discord.app import RunningBot, running_bot
from bot.config import Settings
from bot.ports import MemberRef
from bot.storage import queries as q
from tests.adapters.discord import payloads
from tests.adapters.discord.fake_discord import APP_ID, FakeDiscord
from tests.adapters.discord.steps import (
    ALICE,
    BOB,
    EPHEMERAL,
    click,
    command,
    custom_ids,
    first_nudge,
    interaction_id,
    nudges_sent,
    where,
)


async def outcomes(bot: RunningBot, user: int) -> list[str]:
    async with bot.ctx.db.transaction() as session:
        member = await q.member_by_ref(session, MemberRef("discord", "", str(user)))
        assert member is not None
        return [d.outcome for d in await q.deliveries_of(session, member.id)]


@pytest.mark.parametrize(
    ("custom_id", "said"),
    [
        ("something:else", "isn't one I recognise"),
        ("nudge:v1:explode:1", "isn't one I recognise"),
        ("nudge:v1:done:99999999999999999999", "isn't one I recognise"),
        ("nudge:v1:done:424242", "I can't find that challenge"),
    ],
)
async def test_unknown_buttons_are_answered_and_change_nothing(
    bot: RunningBot, fake: FakeDiscord, custom_id: str, said: str
) -> None:
    await command(fake, "network-join", ALICE)
    channel, message = where(await first_nudge(fake))
    iid, deferred = await click(fake, custom_id, ALICE, channel, message)
    assert deferred.body["type"] == 6
    answer = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert said in answer.body["content"]
    assert await outcomes(bot, ALICE) == ["open"]


async def test_someone_elses_button_does_not_log_their_nudge(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    await command(fake, "network-join", ALICE)
    await command(fake, "network-join", BOB)
    alice_nudge = await first_nudge(fake)
    channel, message = where(alice_nudge)
    iid, _ = await click(fake, custom_ids(alice_nudge.body)[0], BOB, channel, message)
    answer = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert "I can't find that challenge" in answer.body["content"]
    assert await outcomes(bot, ALICE) == ["open"]


async def test_unknown_commands_and_forms_are_answered(bot: RunningBot, fake: FakeDiscord) -> None:
    iid = interaction_id()
    await fake.dispatch("INTERACTION_CREATE", payloads.slash(iid, "network-bogus", ALICE))
    answer = await fake.wait_call("POST", f"/interactions/{iid}/")
    assert answer.body["type"] == 4 and answer.body["data"]["flags"] == EPHEMERAL
    assert "I don't know `/network-bogus`" in answer.body["data"]["content"]
    # A form submitted for a modal the bot never opened (it opens none).
    iid = interaction_id()
    modal = payloads.slash(iid, "x", ALICE) | {
        "type": 5,
        "data": {"custom_id": "settings-form", "components": []},
    }
    await fake.dispatch("INTERACTION_CREATE", modal)
    answer = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert "isn't one I recognise" in answer.body["content"]


async def test_admin_needs_manage_server(bot: RunningBot, fake: FakeDiscord) -> None:
    iid = interaction_id()
    await fake.dispatch("INTERACTION_CREATE", payloads.slash(iid, "network-admin", ALICE))
    refused = await fake.wait_call("POST", f"/interactions/{iid}/")
    assert "Manage Server" in refused.body["data"]["content"]
    allowed = await command(fake, "network-admin", ALICE, permissions=payloads.MANAGE_GUILD)
    assert allowed.body["content"] == "`/network-admin` isn't available in this version yet."


async def test_later_commands_say_so(bot: RunningBot, fake: FakeDiscord) -> None:
    answer = await command(fake, "network-export", ALICE)
    assert answer.body["content"] == "`/network-export` isn't available in this version yet."


async def test_a_429_is_waited_out_and_the_message_sent_once(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    fake.rate_limit_next = 1
    await command(fake, "network-join", ALICE)
    await first_nudge(fake)
    statuses = [c.status for c in fake.find("POST", "/messages")]
    assert statuses == [429, 200, 200]  # the welcome, retried once; then the nudge
    assert len(nudges_sent(fake)) == 1


async def test_buttons_still_work_after_a_restart(
    discord_settings: Settings, fake: FakeDiscord, clock
) -> None:
    async with running_bot(discord_settings, clock):
        await fake.ready.wait()
        await command(fake, "network-join", ALICE)
        nudge = await first_nudge(fake)
    fake.ready.clear()
    async with running_bot(discord_settings, clock) as again:
        await fake.ready.wait()
        iid, _ = await click(fake, custom_ids(nudge.body)[0], ALICE, *where(nudge))
        edited = await fake.wait_call("PATCH", f"/webhooks/{APP_ID}/token-{iid}/messages/")
        assert "✅ Done" in edited.body["embeds"][0]["fields"][-1]["value"]
        assert await outcomes(again, ALICE) == ["done"]
