"""Bad input and platform trouble: answered, logged, and nothing changes that shouldn't."""

from __future__ import annotations

from typing import Any

import pytest

from adapters.discord.app import RunningBot, running_bot
from bot.config import Settings
from bot.ports import MemberRef
from bot.services import team_admin
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


async def test_admin_is_refused_politely_without_manage_server(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    # Discord hides the command from them by default; a server may show it anyway.
    refused = await command(fake, "network-admin", ALICE, {"digest_time": "16:30"})
    assert refused.body["content"] == team_admin.NOT_ADMIN
    assert "Manage Server" in refused.body["content"] and refused.body["flags"] & EPHEMERAL


ADMIN = {"permissions": payloads.MANAGE_GUILD}


@pytest.mark.parametrize(
    ("name", "options", "extra", "said"),
    [
        # Recorded /network-admin payloads with options a person can get wrong.
        ("network-admin", {"digest_time": "25:99"}, ADMIN, "“25:99” isn't a time I can use"),
        ("network-admin", {"zone": "Mars/Olympus"}, ADMIN, "I don't know the time zone"),
        ("network-admin", {"digest_day": "someday"}, ADMIN, "Pick the digest day from the list"),
        ("network-admin", {"digest_time": "x" * 500}, ADMIN, "isn't a time I can use"),
        ("network-admin", {"zone": "Mars/Olympus"}, {}, "Only admins can change"),
        ("network-admin", {"leaderboard": "maybe"}, ADMIN, "• Leaderboard (opted-in members"),
        # Typed in the bot's DM, where there is no server to administer.
        ("network-admin", {}, {"dm_channel": 4242}, "Only admins can change"),
        ("network-link", {"code": "NOPE-NOPE"}, {}, "That code doesn't work"),
        ("network-link", {"code": "☃" * 300}, {}, "That code doesn't work"),
        ("network-link", {}, {}, "You haven't joined yet"),
        ("network-export", {}, {}, "You haven't joined yet"),
        ("network-forget", {}, {}, "You haven't joined yet"),
    ],
)
async def test_new_commands_answer_any_input(
    bot: RunningBot,
    fake: FakeDiscord,
    name: str,
    options: dict[str, Any],
    extra: dict[str, Any],
    said: str,
) -> None:
    answer = await command(fake, name, ALICE, options, **extra)
    assert said in answer.body["content"]
    assert not answer.files
    assert not fake.find("POST", "/channels/")  # nothing posted anywhere


async def test_forget_deletes_only_on_a_real_yes(bot: RunningBot, fake: FakeDiscord) -> None:
    await command(fake, "network-join", ALICE)
    for confirm in ("yes", "true", 1):  # not a boolean: a malformed payload
        asked = await command(fake, "network-forget", ALICE, {"confirm": confirm})
        assert asked.body["content"].startswith("This deletes everything")
    assert await outcomes(bot, ALICE) == ["open"]  # still a member, nothing deleted


async def test_a_channel_discord_did_not_resolve_is_answered(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    iid = interaction_id()
    unknown = payloads.slash(
        iid, "network-admin", ALICE, channels={"channel": 123}, permissions=payloads.MANAGE_GUILD
    )
    await fake.dispatch("INTERACTION_CREATE", unknown)
    # Stored and deferred privately first, like every command the bot has; the worker's run
    # finds the option unreadable and says so in the follow-up.
    deferred = await fake.wait_call("POST", f"/interactions/{iid}/")
    assert deferred.body["type"] == 5 and deferred.body["data"]["flags"] == EPHEMERAL
    answer = await fake.wait_call("POST", f"/webhooks/{APP_ID}/token-{iid}")
    assert answer.body["flags"] == EPHEMERAL
    assert "I couldn't use that input" in answer.body["content"]
    assert not fake.find("POST", "/channels/")


async def test_a_429_is_waited_out_and_the_message_sent_once(
    bot: RunningBot, fake: FakeDiscord
) -> None:
    fake.rate_limit_next = 1
    await command(fake, "network-join", ALICE)
    await first_nudge(fake)
    statuses = [c.status for c in fake.find("POST", "/messages")]
    assert statuses == [429, 200, 200, 200]  # the welcome, retried once; the question; the nudge
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
