"""The console bot in-process: push a line, read what the bot wrote."""

from __future__ import annotations

import re
import unicodedata
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import aiohttp

from adapters.console.bot import ConsoleBot, DemoClock
from adapters.console.demo import BANNER
from adapters.console.messenger import ConsoleMessenger
from adapters.console.render import wrapped
from bot.services.context import Context
from bot.views import Attachment


def make_bot(ctx: Context, files: Path | None = None) -> tuple[ConsoleBot, list[str]]:
    lines: list[str] = []
    messenger = ConsoleMessenger(lines.append)
    clock = DemoClock(ctx.clock())
    console_ctx = Context(ctx.db, ctx.catalog, messenger, clock, ctx.settings)
    return ConsoleBot(console_ctx, clock, lines.append, files=files), lines


async def test_a_week_of_nudges_and_the_streak(ctx):
    bot, lines = make_bot(ctx)
    await bot.start()
    assert any("Today's challenge" in line for line in lines)
    for _ in range(4):
        await bot.say("done")
        await bot.say("/tomorrow")
    await bot.say("done")
    lines.clear()
    await bot.say("/network-streak")
    assert "🔥 Streak: 5 days" in lines[0]
    assert "Mon ✅  Tue ✅  Wed ✅  Thu ✅  Fri ✅" in lines[0]


async def test_quit_and_unknown_commands(ctx):
    bot, lines = make_bot(ctx)
    await bot.start()
    assert await bot.say("/nope") is True
    assert "I don't know `/nope`" in lines[-1]
    assert await bot.say("/quit") is False


async def test_the_joining_questions_are_answered_by_typing_their_words(ctx):
    bot, lines = make_bot(ctx)
    await bot.start()
    assert any("`fear of rejection` or `confidence`" in line for line in lines)
    lines.clear()
    await bot.say("Confidence")
    assert "what are you after" in lines[0] and "`a new role`" in lines[0]
    await bot.say("rather not say")
    assert "tell me later" not in lines[-1] and "lean your first weeks" in lines[-1]
    await bot.say("rather not say")  # the questions are over: these are just words now
    assert "Did you get to it today?" in lines[-1]


async def test_typed_yes_answers_the_did_you_question(ctx):
    bot, lines = make_bot(ctx)
    await bot.start()
    await bot.say("hmm")  # not an answer to the joining question: that moves on
    assert "Did you get to it today?" in lines[-1] and "`yes` or `not yet`" in lines[-1]
    await bot.say("yes")
    assert any("Streak: 1 day" in line for line in lines[-3:])


def columns(line: str) -> int:
    """How many terminal columns ``line`` takes: wide characters (most emoji) take two."""
    width = 0
    for char in line:
        if char == "\ufe0f":  # the emoji presentation of the character before it
            width += 1
        elif not unicodedata.combining(char):
            width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


async def test_everything_the_demo_prints_fits_80_columns(ctx):
    bot, lines = make_bot(ctx)
    lines += wrapped(BANNER)
    await bot.start()
    script = [
        "help",
        "/help",
        "/network-settings",
        "/network-tip",
        "/network-tip mentor",
        "done: " + "asked Priya how she got into product management, " * 4,
        "share",
        "/network-streak",
        "/tomorrow",
        "too hard",
        "/network-people",
        "/network-intros",
        "/network-admin",
        "/digest",
        "pause sometime",
        "/network-nope",
    ]
    for line in script:
        await bot.say(line)
    printed = [row for text in lines for row in text.splitlines()]
    assert len(printed) > 100
    too_wide = [row for row in printed if columns(row) > 80]
    assert too_wide == []


async def test_files_go_to_a_new_folder_each_run_unless_one_is_given(ctx, tmp_path):
    picture = Attachment("streak.png", b"\x89PNG", "image/png")
    first, _ = make_bot(ctx)
    second, _ = make_bot(ctx)
    saved = [first.save(picture), second.save(picture), first.save(picture)]
    assert saved[0].parent != saved[1].parent and saved[0] == saved[2]
    assert all(path.read_bytes() == b"\x89PNG" for path in saved)
    given, _ = make_bot(ctx, files=tmp_path)
    assert given.save(picture) == tmp_path / "streak.png"


async def test_a_resumed_demo_greets_the_returning_member(ctx):
    bot, _ = make_bot(ctx)
    await bot.start()
    await bot.say("done")
    again, lines = make_bot(ctx)  # the same database, a new run
    await again.start()
    assert lines[0].startswith("bot> Welcome back! 🔥 Streak: 1 day")
    assert "Your next challenge arrives" in " ".join(lines[0].split())
    assert not any("#wins>" in line for line in lines)  # the team was set up the first time


async def test_the_help_pause_example_is_a_date_to_come(ctx):
    bot, lines = make_bot(ctx)
    await bot.start()
    for words in ("help", "pause sometime"):
        lines.clear()
        await bot.say(words)
        text = " ".join(" ".join(lines).split())
        two_weeks_on = bot.clock.now.date() + timedelta(days=14)
        assert f"`pause until {two_weeks_on:%Y-%m-%d}`" in text


async def test_the_demo_dashboard_answers_while_the_demo_waits_for_a_line(ctx):
    """The demo reads the next line with its loop standing still: a page must load meanwhile."""
    bot, lines = make_bot(ctx)
    await bot.start()
    await bot.say("/dashboard")
    found = re.search(r"http://127\.0\.0\.1:\d+/login\?token=[\w-]+", "\n".join(lines))
    assert found is not None, lines
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def open_link() -> int:
        with opener.open(found.group(), timeout=10) as page:
            return int(page.status)

    try:
        with ThreadPoolExecutor(1) as pool:
            # Blocking here, in the loop's own thread, is what waiting for input() does.
            assert pool.submit(open_link).result(timeout=15) == 200
    finally:
        await bot.close()


async def test_the_demo_serves_its_team_dashboard(ctx):
    bot, lines = make_bot(ctx)
    await bot.start()
    lines.clear()
    await bot.say("/dashboard")
    found = re.search(r"http://127\.0\.0\.1:\d+/login\?token=[\w-]+", "\n".join(lines))
    assert found is not None, lines
    link = found.group()
    try:
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            async with client.get(link) as button:
                form = dict(re.findall(r'name="(token|csrf)" value="([^"]+)"', await button.text()))
            async with client.post(link.split("?")[0], data=form) as page:
                assert page.status == 200
                assert str(page.url).endswith("/teams/console/demo")
                assert "fewer than 5" in await page.text()
    finally:
        await bot.close()
