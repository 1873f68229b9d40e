"""The console bot in-process: push a line, read what the bot wrote."""

from __future__ import annotations

import re

import aiohttp

from adapters.console.bot import ConsoleBot, DemoClock
from adapters.console.messenger import ConsoleMessenger
from bot.services.context import Context


def make_bot(ctx: Context) -> tuple[ConsoleBot, list[str]]:
    lines: list[str] = []
    messenger = ConsoleMessenger(lines.append)
    clock = DemoClock(ctx.clock())
    console_ctx = Context(ctx.db, ctx.catalog, messenger, clock, ctx.settings)
    return ConsoleBot(console_ctx, clock, lines.append), lines


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
