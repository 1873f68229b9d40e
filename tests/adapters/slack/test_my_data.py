"""A member's own data through the real Bolt app and slack_sdk against the fake: the streak
picture and the export uploaded to the DM, forget with its confirmation button, linked accounts."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.slack import files
from bot.services import links, privacy
from bot.storage.tables import Delivery, Identity, Member
from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import TEAM
from tests.adapters.slack.test_team import ask

USER, OTHER = "U0DANA", "U0DANA2"


async def count(bot: Any, model: Any) -> int:
    async with bot.ctx.db.transaction() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def joined(bot: Any, user: str = USER) -> None:
    await ask(bot, user, "/network-join")
    await bot.fake.wait_calls("chat.postMessage", 3)


async def test_the_streak_picture_goes_to_the_dm_and_the_channel_answer_says_so(
    slack_bot: Any,
) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        answer = await ask(bot, USER, "/network-streak", channel="C0GENERAL")
        assert answer == "I've sent your streak picture to our DM (find nudgebot under Apps)."
        (picture,) = bot.fake.uploads
        assert picture.channel == f"D{USER}" and picture.content.startswith(b"\x89PNG")
        assert re.fullmatch(r"streak-\d{4}-\d{2}-\d{2}\.png", picture.filename)
        assert picture.comment is not None and "Streak: 0 days" in picture.comment
        (step_one,) = bot.fake.called("files.getUploadURLExternal")
        assert step_one.args["alt_txt"] == picture.comment  # the words, for screen readers


async def test_the_export_is_a_json_file_in_the_dm_with_the_notes(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        note = payloads.dm(USER, "had coffee with Ana from the old team")
        await bot.driver.event(note)
        await bot.fake.wait_for(lambda: bot.fake.in_thread(note["event"]["ts"]))
        await bot.driver.command(
            payloads.command(USER, "/network-export", response_url=bot.fake.response_url("x"))
        )
        (export,) = await bot.fake.wait_for(lambda: bot.fake.uploads, what="the export")
        assert export.channel == f"D{USER}" and export.filename.endswith(".json")
        data = json.loads(export.content)
        assert data["member"]["user_id"] == USER
        assert [d["note"] for d in data["deliveries"]] == ["had coffee with Ana from the old team"]
        assert export.comment is not None and export.comment.startswith("Here is everything")
        assert len(bot.fake.responses) == 1  # typed in the DM: no second copy of the answer


async def test_a_refused_upload_is_logged_and_explained(
    slack_bot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    async with slack_bot() as bot:
        await joined(bot)
        bot.fake.fail("files.completeUploadExternal", "internal_error")
        answer = await ask(bot, USER, "/network-export")
        assert answer.startswith("Here is everything") and answer.endswith(files.UPLOAD_FAILED)
        assert bot.fake.uploads == []
        assert f"could not send 1 file(s) to {USER}: internal_error" in caplog.text


async def test_forget_asks_first_and_its_button_deletes_everything(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        fake = bot.fake
        await joined(bot)
        before = len(fake.responses)
        await bot.driver.command(
            payloads.command(USER, "/network-forget", response_url=fake.response_url("forget"))
        )
        await fake.wait_for(lambda: len(fake.responses) > before, what="the question")
        question = fake.responses[before]
        assert question["text"] == privacy.ASK and question["response_type"] == "ephemeral"
        (action_id,) = [
            e["action_id"]
            for b in question["blocks"]
            if b["type"] == "actions"
            for e in b["elements"]
        ]
        assert action_id.startswith("nudge:v1:forget:")
        assert await count(bot, Member) == 1

        click = payloads.ephemeral_button(USER, action_id, f"D{USER}", fake.response_url("click"))
        assert (await bot.driver.interaction(click))["status"] == 200
        await fake.wait_for(lambda: len(fake.responses) > before + 1, what="the confirmation")
        done = fake.responses[before + 1]
        assert done["text"] == privacy.FORGOTTEN and done["replace_original"] is True
        assert await count(bot, Member) == 0 and await count(bot, Delivery) == 0


async def test_forget_yes_deletes_at_once(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        assert await ask(bot, USER, "/network-forget", "yes") == privacy.FORGOTTEN
        assert await count(bot, Member) == 0


async def test_a_link_code_joins_another_slack_account_to_the_streak(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        answer = await ask(bot, USER, "/network-link")
        found = re.search(r"`([A-Z0-9]{4}-[A-Z0-9]{4})`", answer)
        assert found is not None
        linked = await ask(bot, OTHER, "/network-link", found.group(1).lower())
        assert linked.startswith("Linked!")
        assert await count(bot, Member) == 1
        async with bot.ctx.db.transaction() as session:
            (identity,) = (await session.scalars(select(Identity))).all()
            member_id = await session.scalar(select(Member.id))
        assert (identity.user_id, identity.workspace, identity.team) == (OTHER, TEAM, TEAM)
        assert identity.member_id == member_id
        again = await ask(bot, "U0EVE", "/network-link", found.group(1))
        assert again == links.EXPIRED  # single use


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("/network-link", "!!!!", links.EXPIRED),
        ("/network-forget", "maybe", privacy.ASK),
        ("/network-export", "please", "I've sent your data export to our DM"),
    ],
)
async def test_odd_text_after_a_command_gets_a_friendly_answer(
    slack_bot: Any, name: str, text: str, expected: str
) -> None:
    async with slack_bot() as bot:
        await joined(bot)
        answer = await ask(bot, USER, name, text, channel="C0GENERAL")
        assert answer.startswith(expected)
        assert await count(bot, Member) == 1
