"""Events beyond DM replies: reactions, App Home, profile zone changes, uninstalls."""

from __future__ import annotations

from typing import Any

from bot.services import membership, settings
from tests.adapters.slack import payloads
from tests.adapters.slack.fake_slack import eventually
from tests.adapters.slack.test_journey import nudge_of, text_of
from tests.adapters.slack.test_requests import settle

USER = "U0CARA"


async def join(bot: Any) -> Any:
    """Join and return the nudge card's chat.postMessage call."""
    await bot.driver.command(
        payloads.command(USER, "/network-join", response_url=bot.fake.response_url())
    )
    posts = await bot.fake.wait_calls("chat.postMessage", 3)
    return nudge_of(posts)


async def test_a_check_reaction_on_the_nudge_logs_it_and_updates_it(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        card = await join(bot)
        channel, ts = card.result["channel"], card.result["ts"]
        await bot.driver.event(payloads.reaction(USER, channel, "1.000001"))  # another message
        await bot.driver.event(payloads.reaction(USER, channel, ts, "+1"))
        update = (await bot.fake.wait_calls("chat.update"))[0]
        assert update.args["ts"] == ts and "✅ Done" in text_of(update)
        await bot.fake.wait_for(lambda: bot.fake.in_thread(ts))
        assert len(bot.fake.called("chat.update")) == 1


async def test_app_home_shows_the_streak_the_week_the_grid_and_a_settings_button(
    slack_bot: Any,
) -> None:
    async with slack_bot() as bot:
        await bot.driver.event(payloads.home_opened(USER))
        stranger_home = (await bot.fake.wait_calls("views.publish"))[0]
        assert "/network-join" in str(stranger_home.args["view"])
        await join(bot)
        await bot.driver.event(payloads.home_opened(USER))
        home = (await bot.fake.wait_calls("views.publish", 2))[1]
        view = str(home.args["view"])
        assert "Current streak" in view and "Longest streak" in view and "This week" in view
        assert "settings:open" in view and "⏳" in view  # today's open challenge
        blocks = home.args["view"]["blocks"]
        headers = [i for i, b in enumerate(blocks) if b["type"] == "header"]
        titles = [blocks[i]["text"]["text"] for i in headers]
        assert titles == ["Your networking habit", "This week", "Last 12 weeks"]
        lines = blocks[headers[-1] + 1]["text"]["text"].splitlines()
        days = [line.split()[0] for line in lines[:7]]
        assert days == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        assert lines[0].endswith("🟨")  # this week's column: today, Monday, still open
        assert "done" in lines[7]  # the legend

        answer = await bot.driver.interaction(
            payloads.button(USER, "settings:open", f"D{USER}", "1.1")
        )
        assert answer["status"] == 200
        assert (await bot.fake.wait_calls("views.open"))[0].args["view"]["type"] == "modal"


async def test_a_profile_zone_change_moves_the_schedule(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await join(bot)
        ref = bot.ref(USER)
        await bot.driver.event(payloads.user_change(USER, "America/New_York"))

        async def moved() -> bool:
            current = await settings.current(bot.ctx, ref)
            return current is not None and current.zone == "America/New_York"

        await eventually(moved, what="the new zone")
        await bot.driver.event(payloads.user_change("U0NOBODY", "Asia/Tokyo"))  # not a member


async def test_uninstalling_parks_the_workspace(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await join(bot)
        await bot.driver.event(payloads.event({"type": "app_uninstalled"}))
        ref = bot.ref(USER)

        async def parked() -> bool:
            return await membership.status(bot.ctx, ref) == ("parked", "the app was uninstalled")

        await eventually(parked, what="the member parked")


async def test_a_revoked_bot_token_parks_the_workspace(slack_bot: Any) -> None:
    async with slack_bot() as bot:
        await join(bot)
        revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["U0BOT"]}}
        await bot.driver.event(payloads.event(revoked))
        ref = bot.ref(USER)

        async def parked() -> bool:
            return await membership.status(bot.ctx, ref) == ("parked", "the bot token was revoked")

        await eventually(parked, what="the member parked")


async def test_done_with_a_picture_or_from_the_nudges_thread_counts_like_a_plain_dm(
    slack_bot: Any,
) -> None:
    """Slack marks a DM with a file ``file_share``, and a reply in a thread also sent to the DM
    ``thread_broadcast``; both are the member writing to the bot."""
    async with slack_bot() as bot:
        await join(bot)
        message = payloads.dm_with_file(USER, "done")
        await bot.driver.event(message)
        (answer,) = await bot.fake.wait_for(lambda: bot.fake.in_thread(message["event"]["ts"]))
        assert "Streak: 1 day" in answer.args["text"]

        other = "U0DANI"
        await bot.driver.command(
            payloads.command(other, "/network-join", response_url=bot.fake.response_url())
        )
        posts = await bot.fake.wait_calls("chat.postMessage", 7)
        card = nudge_of([p for p in posts if p.args["channel"] == f"D{other}"])
        nudge_ts = card.result["ts"]
        await bot.driver.event(payloads.dm_in_thread_also_sent(other, "did it", nudge_ts))
        (answer,) = await bot.fake.wait_for(lambda: bot.fake.in_thread(nudge_ts))
        assert "Streak: 1 day" in answer.args["text"]


async def test_a_thumbs_up_from_someone_who_never_joined_is_none_of_our_business(
    slack_bot: Any,
) -> None:
    """A 👍 on a post in the wins channel, from someone who never joined: no reply there."""
    async with slack_bot() as bot:
        await bot.driver.event(payloads.reaction("U0STRANGER", "C0WINS", "1800000300.000001", "+1"))
        await bot.driver.event(payloads.reaction("U0STRANGER", "DX", "1800000300.000002"))
        await settle(bot)
        assert bot.fake.called("chat.postMessage") == []
        assert bot.fake.called("chat.update") == []
