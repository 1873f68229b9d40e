"""``/network-streak`` hands over the last 12 weeks as a picture; pauses show in it."""

from __future__ import annotations

import io
from datetime import date

from PIL import Image

from bot import heatmap
from bot.heatmap import PALETTE, Cell
from bot.services import logbook, membership, settings, streak
from tests.bot.services.steps import next_day

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
