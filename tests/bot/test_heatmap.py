"""The streak picture: which cell each day gets, the pixels the PNG draws, and the emoji grid."""

from __future__ import annotations

import io
from datetime import date, timedelta
from itertools import combinations

import pytest
from PIL import Image

from bot.heatmap import (
    EMOJI,
    LEGEND,
    PALETTE,
    WEEKS,
    Cell,
    Grid,
    cell_center,
    lay_out,
    legend_center,
    render_png,
    text_grid,
)
from bot.streaks import DayState

TODAY = date(2026, 11, 19)  # a Thursday
MONDAY = date(2026, 11, 16)
FIRST = MONDAY - timedelta(weeks=11)  # 2026-08-31
# One day of each state, spread over the weeks and weekdays.
STATES = {
    date(2026, 9, 1): DayState.DONE,
    date(2026, 9, 10): DayState.REST,
    date(2026, 10, 2): DayState.FROZEN,
    date(2026, 10, 12): DayState.MISSED,
    TODAY: DayState.OPEN,
    date(2026, 11, 3): DayState.PAUSED,
}
PAUSE = (date(2026, 10, 20), date(2026, 10, 25))
OFF_DAY = date(2026, 10, 14)
FUTURE_DAY = date(2026, 11, 22)


def grid() -> Grid:
    return lay_out(TODAY, STATES, paused=[PAUSE])


def pixels(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    return image.convert("RGB")


def test_the_grid_is_twelve_whole_weeks_ending_with_this_week():
    layout = grid()
    assert len(layout.cells) == WEEKS * 7 == 84
    assert layout.first == FIRST
    assert layout.first.weekday() == 0
    assert layout.today == TODAY
    days = [day for day, _ in layout.days()]
    assert days[0] == FIRST and days[-1] == date(2026, 11, 22)
    assert days == [FIRST + timedelta(days=i) for i in range(84)]


def test_days_after_today_are_future_even_when_they_have_a_state():
    layout = lay_out(TODAY, {TODAY + timedelta(days=1): DayState.OPEN})
    assert layout.cell_of(TODAY + timedelta(days=1)) is Cell.FUTURE
    assert [layout.cell_of(MONDAY + timedelta(days=i)) for i in range(4, 7)] == [Cell.FUTURE] * 3
    assert layout.cell_of(TODAY) is Cell.OFF


def test_each_day_state_shows_as_its_cell():
    layout = grid()
    for day, state in STATES.items():
        assert layout.cell_of(day) == Cell(state.value)
        assert layout.cell_of(day).value == state.value


def test_a_pause_covers_both_ends_and_a_state_wins_inside_it():
    start, end = PAUSE
    layout = lay_out(TODAY, {start + timedelta(days=2): DayState.DONE}, paused=[PAUSE])
    assert layout.cell_of(start - timedelta(days=1)) is Cell.OFF
    assert layout.cell_of(start) is Cell.PAUSED
    assert layout.cell_of(end) is Cell.PAUSED
    assert layout.cell_of(end + timedelta(days=1)) is Cell.OFF
    assert layout.cell_of(start + timedelta(days=2)) is Cell.DONE


def test_days_with_no_nudge_are_off_and_outside_days_are_refused():
    layout = grid()
    assert layout.cell_of(OFF_DAY) is Cell.OFF
    assert layout.cell_of(FIRST) is Cell.OFF
    with pytest.raises(ValueError):
        layout.cell_of(FIRST - timedelta(days=1))
    with pytest.raises(ValueError):
        layout.cell_of(FUTURE_DAY + timedelta(days=1))


def test_today_on_a_sunday_and_a_monday():
    sunday = lay_out(date(2026, 11, 22), {})
    assert sunday.first == FIRST and Cell.FUTURE not in sunday.cells
    monday = lay_out(date(2026, 11, 23), {})
    assert monday.first == FIRST + timedelta(weeks=1)
    assert monday.cells.count(Cell.FUTURE) == 6


def test_each_day_is_drawn_in_its_palette_colour():
    layout = grid()
    image = pixels(render_png(layout, "Ada's streak"))
    expected = {day: Cell(state.value) for day, state in STATES.items()}
    expected |= {PAUSE[0]: Cell.PAUSED, PAUSE[1]: Cell.PAUSED}
    expected |= {OFF_DAY: Cell.OFF, FUTURE_DAY: Cell.FUTURE}
    assert set(expected.values()) == set(Cell)
    for day, cell in expected.items():
        assert image.getpixel(cell_center(layout, day)) == PALETTE[cell], (day, cell)


def test_neighbouring_cells_are_separated_by_a_gap():
    layout = grid()
    image = pixels(render_png(layout, "gaps"))
    x, y = cell_center(layout, FIRST)
    x_next, y_next = cell_center(layout, FIRST + timedelta(days=1))
    assert x_next == x and y_next > y + 9
    assert image.getpixel((x, (y + y_next) // 2 + 1)) == (255, 255, 255)


def test_each_legend_swatch_is_drawn_in_its_palette_colour():
    image = pixels(render_png(grid(), "legend"))
    assert [cell for cell, _ in LEGEND] == [c for c in Cell if c is not Cell.FUTURE]
    for cell, _ in LEGEND:
        assert image.getpixel(legend_center(cell)) == PALETTE[cell], cell
    with pytest.raises(ValueError):
        legend_center(Cell.FUTURE)


def test_the_png_is_small_sane_and_deterministic():
    layout = grid()
    png = render_png(layout, "Ada's streak · 12 weeks")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) < 20_000
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert 0 < image.width < 1000 and 0 < image.height < 1000
    assert render_png(layout, "Ada's streak · 12 weeks") == png
    assert render_png(layout, "Someone else") != png


def test_a_long_title_widens_the_picture_without_moving_cells():
    layout = grid()
    short = Image.open(io.BytesIO(render_png(layout, "S")))
    long = pixels(render_png(layout, "A considerably longer title for the streak picture " * 2))
    assert long.width > short.width
    assert long.getpixel(cell_center(layout, TODAY)) == PALETTE[Cell.OPEN]


def test_palette_and_emoji_tell_every_cell_apart():
    assert set(PALETTE) == set(Cell) == set(EMOJI)
    for a, b in combinations(Cell, 2):
        assert PALETTE[a] != PALETTE[b], (a, b)
        assert EMOJI[a] != EMOJI[b], (a, b)


def test_text_grid_has_a_line_per_weekday_and_a_legend():
    lines = text_grid(grid()).split("\n")
    assert len(lines) == 8
    assert [line[:4] for line in lines[:7]] == [
        "Mon ",
        "Tue ",
        "Wed ",
        "Thu ",
        "Fri ",
        "Sat ",
        "Sun ",
    ]
    assert all(len(line) == 4 + WEEKS for line in lines[:7])
    # Tuesday 1 Sept is in the first week; today (Thursday) in the last; Sunday is still to come.
    assert lines[1][4] == EMOJI[Cell.DONE]
    assert lines[3][4 + WEEKS - 1] == EMOJI[Cell.OPEN]
    assert lines[6][-1] == EMOJI[Cell.FUTURE]
    assert lines[0][4] == EMOJI[Cell.OFF]
    assert lines[7].startswith(f"{EMOJI[Cell.DONE]} done · {EMOJI[Cell.REST]} rest")
    assert all(EMOJI[cell] in lines[7] for cell, _ in LEGEND)
    assert EMOJI[Cell.FUTURE] not in lines[7]


def test_grids_hold_whole_weeks_from_a_monday():
    with pytest.raises(ValueError):
        Grid(FIRST + timedelta(days=1), TODAY, (Cell.OFF,) * 7)
    with pytest.raises(ValueError):
        Grid(FIRST, TODAY, (Cell.OFF,) * 8)
    assert lay_out(TODAY, {}, weeks=4).first == MONDAY - timedelta(weeks=3)
