"""The streak rule of :mod:`bot.streaks`, as one SQL query over many members' delivered days.

It gives each member's current streak without loading their history, and it agrees with
``summarize(days, today).current`` on the same days (a test checks it on random histories).
The walk in ``summarize`` reduces to window functions like this:

- each day is done (D), missed (M: open before today, or a week's second skip) or neither (the
  week's rest day, a paused day, today's open nudge), which neither breaks nor extends;
- the misses cut the days into segments; a segment of k done days earns ``k // 7`` freezes (the
  run of done days starts over at every miss, frozen or not), held up to 2;
- after any miss at most one freeze is left, so what a segment leaves behind is: 1 freeze if it
  earned 2 or more, the freeze it found if it earned exactly 1, none if it earned none;
- hence a miss breaks the streak exactly when its segment earned nothing and so did the last
  earlier segment that did not earn exactly one (or there is none);
- the current streak counts the done and (frozen) missed days after the last break.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, or_, select
from sqlalchemy.sql.selectable import Subquery

from bot.storage.calendar_sql import day_number
from bot.streaks import DONE_DAYS_PER_FREEZE, Outcome


def current_streaks(days: Subquery, today: date) -> Select[Any]:
    """``(member_id, current)`` for every member with a row in ``days``, a subquery of
    ``member_id``, ``local_date`` and ``outcome`` (each member's delivered days)."""
    week = day_number(days.c.local_date) // 7
    nth_of_kind = (
        func.row_number()
        .over(partition_by=(days.c.member_id, week, days.c.outcome), order_by=days.c.local_date)
        .label("nth")
    )
    ranked = select(days.c.member_id, days.c.local_date, days.c.outcome, nth_of_kind).subquery(
        "ranked"
    )
    done = case((ranked.c.outcome == Outcome.DONE.value, 1), else_=0)
    missed = case(
        (
            or_(
                and_(ranked.c.outcome == Outcome.OPEN.value, ranked.c.local_date < today),
                and_(ranked.c.outcome == Outcome.SKIPPED.value, ranked.c.nth > 1),
            ),
            1,
        ),
        else_=0,
    )
    misses_so_far = func.sum(missed).over(
        partition_by=ranked.c.member_id, order_by=ranked.c.local_date, rows=(None, 0)
    )
    # A miss closes its own segment: it belongs to the segment of the days before it.
    classified = select(
        ranked.c.member_id,
        done.label("done"),
        missed.label("missed"),
        (misses_so_far - missed).label("segment"),
    ).subquery("classified")
    segments = (
        select(
            classified.c.member_id,
            classified.c.segment,
            func.sum(classified.c.done).label("done"),
            func.max(classified.c.missed).label("closed"),  # by a miss (the last one is not)
        )
        .group_by(classified.c.member_id, classified.c.segment)
        .subquery("segments")
    )
    # Only closed segments that did not earn exactly one freeze decide what the next miss
    # finds: 2 * segment + (1 if it left a freeze), so the latest one before is a running max.
    closed = segments.c.closed == 1
    earned_none = and_(closed, segments.c.done < DONE_DAYS_PER_FREEZE)
    deciding = case(
        (earned_none, 2 * segments.c.segment),
        (and_(closed, segments.c.done >= 2 * DONE_DAYS_PER_FREEZE), 2 * segments.c.segment + 1),
    )
    latest_before = func.max(deciding).over(
        partition_by=segments.c.member_id, order_by=segments.c.segment, rows=(None, -1)
    )
    flagged = select(
        segments.c.member_id,
        segments.c.segment,
        (segments.c.done + segments.c.closed).label("counted"),
        case(
            (and_(earned_none, func.coalesce(latest_before, 0) % 2 == 0), segments.c.segment),
        ).label("broke"),
    ).subquery("flagged")
    last_break = func.max(flagged.c.broke).over(partition_by=flagged.c.member_id)
    with_break = select(
        flagged.c.member_id,
        flagged.c.segment,
        flagged.c.counted,
        func.coalesce(last_break, literal(-1)).label("last_break"),
    ).subquery("with_break")
    counted = case((with_break.c.segment > with_break.c.last_break, with_break.c.counted), else_=0)
    return select(with_break.c.member_id, func.sum(counted).label("current")).group_by(
        with_break.c.member_id
    )
