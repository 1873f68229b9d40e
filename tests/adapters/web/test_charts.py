"""The SVG charts' geometry: bars scale to the largest shown figure; a hidden one draws none."""

from __future__ import annotations

from adapters.web import charts
from bot.services.dashboard import HIDDEN, Figure


def test_bars_scale_to_the_largest_shown_figure_and_skip_hidden_ones():
    chart = charts.bars(
        [("a", Figure(10, 9)), ("b", Figure(5, 9)), ("c", Figure(100, 3))]  # c covers 3 members
    )
    a, b, c = chart.bars
    assert a.width == charts.BAR_WIDTH and b.width == charts.BAR_WIDTH / 2
    assert (c.width, c.hidden, c.text) == (0, True, HIDDEN)
    assert chart.height == 3 * charts.ROW_HEIGHT


def test_rates_scale_to_one_hundred_percent():
    (bar,) = charts.bars([("Level 1", Figure(0.5, 8))], "{:.0%}", top=1).bars
    assert (bar.width, bar.text) == (charts.BAR_WIDTH / 2, "50%")


def test_columns_stand_on_the_axis():
    chart = charts.columns(
        [("1 Nov", Figure(4, 6)), ("8 Nov", Figure(8, 6)), ("15 Nov", Figure(3, 2))]
    )
    low, high, hidden = chart.bars
    assert high.y == 0 and high.height == charts.COLUMN_AREA
    assert low.y + low.height == charts.COLUMN_AREA and low.height == charts.COLUMN_AREA / 2
    assert hidden.hidden and hidden.height == 0
    assert all(b.x + b.width <= chart.width for b in chart.bars)


def test_nothing_to_show_draws_nothing():
    assert charts.bars([("a", Figure(0, 9))]).bars[0].width == 0
    assert charts.columns([]).bars == ()
