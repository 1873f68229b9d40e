"""``/network-streak`` hands over the last 12 weeks as a picture; pauses show in it."""

from __future__ import annotations

import io
import random
from datetime import date

from PIL import Image

from bot import heatmap
from bot.heatmap import PALETTE, Cell
from bot.services import logbook, membership, settings, streak
from bot.storage import queries as q
from bot.streaks import summarize
from tests.bot.services.steps import deliveries, member_row, next_day

MON, TUE, WED, THU, FRI = (date(2026, 11, 23 + n) for n in range(5))


async def test_the_streak_reply_carries_the_picture_of_what_happened(ctx, clock, alice):
    await membership.join(ctx, alice)
    await logbook.handle_text(ctx, alice, "done")  # Monday
    await settings.pause(ctx, alice, "2 days")  # Monday to Tuesday…
    await next_day(ctx, clock, alice)  # …so the next nudge is Wednesday
    await settings.pause(ctx, alice, "until friday")  # from Wednesday: Wed–Fri paused…
    await settings.resume(ctx, alice)  # …but she's back on Wednesday itself
    await logbook.handle_text(ctx, alice, "skip")
    reply = await streak.streak(ctx, alice)
    assert "This week: Mon ✅  Tue ⏸️  Wed 💤  Thu ·" in reply.text
    [picture] = reply.files
    assert picture.filename == "streak-2026-11-25.png" and picture.media_type == "image/png"
    image = Image.open(io.BytesIO(picture.content)).convert("RGB")
    home = await streak.home(ctx, alice)
    grid = home.grid
    expected = {
        MON: Cell.DONE,
        TUE: Cell.PAUSED,
        WED: Cell.REST,
        THU: Cell.FUTURE,
        date(2026, 11, 20): Cell.OFF,  # before she joined
    }
    for day, cell in expected.items():
        assert grid.cell_of(day) is cell, day
        assert image.getpixel(heatmap.cell_center(grid, day)) == PALETTE[cell], day
    assert grid.first == date(2026, 9, 7) and len(grid.cells) == 84


async def test_months_in_the_picture_match_what_the_whole_history_says(ctx, clock, alice):
    """After months, most of the picture's days are settled into the rules state: each still
    shows as the whole history counts it (freezes, second skips), and so does the streak."""
    await membership.join(ctx, alice)
    rng = random.Random(7)
    for _ in range(110):
        answer = rng.choice(["done"] * 8 + ["skip", "skip", None])
        if answer:
            await logbook.handle_text(ctx, alice, answer)
        await next_day(ctx, clock, alice)
    home = await streak.home(ctx, alice)
    member = await member_row(ctx, alice)
    assert member.rules_through is not None and member.rules_through > home.grid.first
    whole = summarize(q.logged_days(await deliveries(ctx, alice)), home.today)
    assert heatmap.lay_out(home.today, dict(whole.days)).cells == home.grid.cells
    assert {Cell.FROZEN, Cell.MISSED, Cell.REST} <= set(home.grid.cells)
    assert (home.summary.current, home.summary.longest, home.summary.freezes) == (
        whole.current,
        whole.longest,
        whole.freezes,
    )
