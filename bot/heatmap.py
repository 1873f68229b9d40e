"""The streak picture: the last 12 weeks, one cell per day, as a PNG and as an emoji grid.

Weeks are columns (oldest left), weekdays rows (Monday on top). Every day gets a ``Cell``:
the delivered days keep their ``DayState``; days inside a pause are paused; the rest of this
week is future; anything else (a day off, before joining, no nudge sent) is off. Colours are
chosen to stay apart under common colour-blindness: they differ in lightness as well as hue.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from PIL import Image, ImageDraw, ImageFont

from bot.streaks import DayState
from bot.vocabulary import DAY_ABBREVIATIONS

WEEKS = 12


class Cell(StrEnum):
    DONE = "done"
    REST = "rest"
    FROZEN = "frozen"
    MISSED = "missed"
    OPEN = "open"
    PAUSED = "paused"
    OFF = "off"  # not a nudge day: a day off, before joining, or no nudge was sent
    FUTURE = "future"  # after today (the rest of this week)


PALETTE: Mapping[Cell, tuple[int, int, int]] = {
    Cell.DONE: (0, 158, 115),  # bluish green (Okabe–Ito)
    Cell.REST: (86, 180, 233),  # sky blue (Okabe–Ito)
    Cell.FROZEN: (190, 232, 250),  # pale ice
    Cell.MISSED: (213, 94, 0),  # vermillion (Okabe–Ito)
    Cell.OPEN: (245, 190, 30),  # amber
    Cell.PAUSED: (128, 112, 160),  # grey violet
    Cell.OFF: (235, 237, 240),  # very light grey
    Cell.FUTURE: (250, 251, 252),  # almost white, drawn with an outline
}
LEGEND: tuple[tuple[Cell, str], ...] = (
    (Cell.DONE, "Done"),
    (Cell.REST, "Rest"),
    (Cell.FROZEN, "Freeze"),
    (Cell.MISSED, "Missed"),
    (Cell.OPEN, "Open"),
    (Cell.PAUSED, "Paused"),
    (Cell.OFF, "No nudge"),
)
#: Wide (two-column) emoji only, so the text grid lines up in terminals as well as in Slack.
EMOJI: Mapping[Cell, str] = {
    Cell.DONE: "🟩",
    Cell.REST: "🟦",
    Cell.FROZEN: "🧊",
    Cell.MISSED: "🟥",
    Cell.OPEN: "🟨",
    Cell.PAUSED: "🟪",
    Cell.OFF: "⬜",
    Cell.FUTURE: "🔳",
}

# Layout in pixels; cell_center and legend_center read the same constants as render_png.
CELL, GAP, MARGIN, LABEL_W, TITLE_H, MONTH_H = 18, 3, 12, 30, 22, 14
STEP = CELL + GAP
GRID_X, GRID_Y = MARGIN + LABEL_W, MARGIN + TITLE_H + MONTH_H
SWATCH, LEGEND_COLS, LEGEND_COL_W, LEGEND_ROW_H = 12, 4, 72, 18
LEGEND_Y = GRID_Y + 7 * STEP + 10
TEXT, MUTED, OUTLINE = (36, 41, 47), (101, 109, 118), (208, 213, 220)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = DAY_ABBREVIATIONS


@dataclass(frozen=True)
class Grid:
    first: date  # the Monday of the oldest week shown
    today: date
    cells: tuple[Cell, ...]  # day by day from ``first``, a whole number of weeks

    def __post_init__(self) -> None:
        if self.first.weekday() != 0 or not self.cells or len(self.cells) % 7:
            raise ValueError("a grid starts on a Monday and holds whole weeks")

    @property
    def weeks(self) -> int:
        return len(self.cells) // 7

    def cell_of(self, day: date) -> Cell:
        """The cell of ``day``; ValueError when the day is outside the grid."""
        index = (day - self.first).days
        if not 0 <= index < len(self.cells):
            raise ValueError(f"{day} is not in the grid starting {self.first}")
        return self.cells[index]

    def days(self) -> Iterator[tuple[date, Cell]]:
        for index, cell in enumerate(self.cells):
            yield self.first + timedelta(days=index), cell


def first_day(today: date, weeks: int = WEEKS) -> date:
    """The Monday the picture starts on: ``weeks`` weeks ending with today's."""
    return today - timedelta(days=today.weekday() + 7 * (weeks - 1))


def lay_out(
    today: date,
    states: Mapping[date, DayState],
    paused: Sequence[tuple[date, date]] = (),
    weeks: int = WEEKS,
) -> Grid:
    """The last ``weeks`` weeks ending with the week (Mon–Sun) holding ``today``.

    Per day: after today is future; a day in ``states`` shows its state; a day inside any
    inclusive ``(first_day, last_day)`` pause is paused; any other day is off.
    """
    first = first_day(today, weeks)
    cells = []
    for offset in range(7 * weeks):
        day = first + timedelta(days=offset)
        if day > today:
            cells.append(Cell.FUTURE)
        elif day in states:
            cells.append(Cell(states[day].value))
        elif any(start <= day <= end for start, end in paused):
            cells.append(Cell.PAUSED)
        else:
            cells.append(Cell.OFF)
    return Grid(first, today, tuple(cells))


def cell_center(grid: Grid, day: date) -> tuple[int, int]:
    """The pixel at the centre of ``day``'s cell in ``render_png``'s image."""
    grid.cell_of(day)  # raises ValueError outside the grid
    column = (day - grid.first).days // 7
    return GRID_X + column * STEP + CELL // 2, GRID_Y + day.weekday() * STEP + CELL // 2


def legend_center(cell: Cell) -> tuple[int, int]:
    """The pixel at the centre of ``cell``'s legend swatch (FUTURE has none: ValueError)."""
    index = [entry for entry, _ in LEGEND].index(cell)
    x = MARGIN + (index % LEGEND_COLS) * LEGEND_COL_W
    y = LEGEND_Y + (index // LEGEND_COLS) * LEGEND_ROW_H
    return x + SWATCH // 2, y + SWATCH // 2


def render_png(grid: Grid, title: str) -> bytes:
    """The grid as a small PNG: title, month and weekday labels, cells, and a legend below."""
    title_font, font = ImageFont.load_default(size=14), ImageFont.load_default(size=10)
    legend_rows = -(-len(LEGEND) // LEGEND_COLS)
    width = max(
        GRID_X + grid.weeks * STEP - GAP + MARGIN,
        2 * MARGIN + LEGEND_COLS * LEGEND_COL_W,
        2 * MARGIN + int(title_font.getlength(title)) + 1,
    )
    height = LEGEND_Y + (legend_rows - 1) * LEGEND_ROW_H + SWATCH + MARGIN
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, MARGIN), title, fill=TEXT, font=title_font)
    for row in (0, 2, 4):
        y = GRID_Y + row * STEP + CELL // 2
        draw.text((MARGIN, y), WEEKDAYS[row], fill=MUTED, font=font, anchor="lm")
    for day, cell in grid.days():
        outline = OUTLINE if cell is Cell.FUTURE else None
        draw.rectangle(_square(cell_center(grid, day), CELL), fill=PALETTE[cell], outline=outline)
        if day.day == 1:  # a month starts in this week's column
            x = GRID_X + (day - grid.first).days // 7 * STEP
            draw.text((x, GRID_Y - 3), MONTHS[day.month - 1], fill=MUTED, font=font, anchor="ld")
    for cell, label in LEGEND:
        (cx, cy) = center = legend_center(cell)
        draw.rectangle(_square(center, SWATCH), fill=PALETTE[cell])
        draw.text((cx + SWATCH // 2 + 4, cy), label, fill=TEXT, font=font, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _square(center: tuple[int, int], size: int) -> tuple[int, int, int, int]:
    """The inclusive box of a ``size`` square whose centre pixel is ``center``."""
    left, top = center[0] - size // 2, center[1] - size // 2
    return left, top, left + size - 1, top + size - 1


def text_grid(grid: Grid) -> str:
    """The same picture as text: a line per weekday (Mon..Sun), a column per week, a legend."""
    lines = [
        f"{name} " + "".join(EMOJI[grid.cells[week * 7 + row]] for week in range(grid.weeks))
        for row, name in enumerate(WEEKDAYS)
    ]
    lines.append(" · ".join(f"{EMOJI[cell]} {label.lower()}" for cell, label in LEGEND))
    return "\n".join(lines)
