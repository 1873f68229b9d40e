"""Bar charts as geometry for the SVG templates: no script, no CDN, the same offline.

A hidden figure (fewer than five members) draws no bar; its row says so in words. Every chart
has a table beneath it with the same numbers, for screen readers and for copying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.dashboard import Figure, shown

#: Horizontal bars: the label column, the bar area, and each row's height, in SVG units.
LABEL_WIDTH = 170
BAR_WIDTH = 260
ROW_HEIGHT = 26
#: Columns (one per week): the chart's height and the space below for the axis.
COLUMN_AREA = 140
AXIS = 24
COLUMN_WIDTH = 640


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float
    hidden: bool


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    bars: tuple[Bar, ...]
    label_x: float = 0


def bars(rows: Sequence[tuple[str, Figure]], form: str = "{:g}", top: float | None = None) -> Chart:
    """One horizontal bar per row, scaled to the largest shown value (or to ``top``)."""
    most = top if top is not None else max((f.value for _, f in rows if not f.hidden), default=0)
    drawn = []
    for i, (label, figure) in enumerate(rows):
        share = 0.0 if figure.hidden or not most else figure.value / most
        drawn.append(
            Bar(
                label,
                shown(figure, form),
                LABEL_WIDTH,
                i * ROW_HEIGHT + 4,
                round(BAR_WIDTH * share, 1),
                ROW_HEIGHT - 8,
                figure.hidden,
            )
        )
    width = LABEL_WIDTH + BAR_WIDTH + 110
    return Chart(width, len(rows) * ROW_HEIGHT, tuple(drawn), LABEL_WIDTH - 8)


def columns(rows: Sequence[tuple[str, Figure]]) -> Chart:
    """One column per row (a week), left to right, scaled to the largest shown value."""
    most = max((f.value for _, f in rows if not f.hidden), default=0)
    slot = COLUMN_WIDTH / max(len(rows), 1)
    drawn = []
    for i, (label, figure) in enumerate(rows):
        height = 0.0 if figure.hidden or not most else COLUMN_AREA * figure.value / most
        drawn.append(
            Bar(
                label,
                shown(figure),
                round(i * slot + slot * 0.15, 1),
                round(COLUMN_AREA - height, 1),
                round(slot * 0.7, 1),
                round(height, 1),
                figure.hidden,
            )
        )
    return Chart(COLUMN_WIDTH, COLUMN_AREA + AXIS, tuple(drawn))
