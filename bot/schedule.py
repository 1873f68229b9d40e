"""Schedule math: when a member's nudge is due, in UTC, from their local rules.

A *nudge day* is a local date on one of the member's weekdays that is not inside a pause and not a
public holiday where the member lives (:mod:`bot.public_holidays`). The nudge
is due at the member's local nudge time on that day. Clocks that spring forward skip some wall
times: a nudge set inside the gap moves to the first valid minute after it. Clocks that fall back
repeat some wall times: the first occurrence is used. A nudge that could not go out on time
(downtime) is still worth sending until the catch-up deadline of its local day; after that the day
is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.public_holidays import OFF, is_holiday

#: Late nudges still go out until this local time (or an hour after a later nudge time).
CATCH_UP_UNTIL = time(20, 0)
LATE_GRACE = timedelta(hours=1)
#: How far ahead to look for the next nudge day before giving up (a year covers any weekly rule).
SEARCH_DAYS = 366


@dataclass(frozen=True)
class Schedule:
    """A member's nudge rules: zone, local time, ISO weekdays (1 = Monday), an optional pause and
    the region whose public holidays are days off.

    ``paused_until`` is the last paused local date (inclusive); nudges resume the day after.
    """

    zone: ZoneInfo
    nudge_time: time
    weekdays: frozenset[int]
    paused_until: date | None = None
    holidays: str = OFF

    def is_paused(self, day: date) -> bool:
        return self.paused_until is not None and day <= self.paused_until

    def is_nudge_day(self, day: date) -> bool:
        return (
            day.isoweekday() in self.weekdays
            and not self.is_paused(day)
            and not is_holiday(self.holidays, day)
        )

    def local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def due_at(self, day: date) -> datetime:
        """The UTC instant of ``day``'s nudge (DST gaps move forward, overlaps take the first)."""
        return wall_to_utc(datetime.combine(day, self.nudge_time), self.zone)

    def deadline(self, day: date) -> datetime:
        """The last UTC instant at which ``day``'s nudge is still worth sending."""
        catch_up = wall_to_utc(datetime.combine(day, CATCH_UP_UNTIL), self.zone)
        end_of_day = wall_to_utc(datetime.combine(day + timedelta(days=1), time()), self.zone)
        return min(max(catch_up, self.due_at(day) + LATE_GRACE), end_of_day)

    def next_nudge_day(self, start: date, now: datetime) -> date | None:
        """The first nudge day on or after ``start`` whose nudge is still worth sending at ``now``.

        Days whose catch-up deadline has passed are skipped, so a long outage yields one nudge,
        not a backlog. None when no weekday is chosen (nothing is ever due).
        """
        day, today = start, self.local_date(now)
        for _ in range(SEARCH_DAYS + self._pause_days(start)):
            # A day after today has all of its catch-up window ahead of it.
            if self.is_nudge_day(day) and (day > today or self.deadline(day) > now):
                return day
            day += timedelta(days=1)
        return None

    def _pause_days(self, start: date) -> int:
        if self.paused_until is None or self.paused_until < start:
            return 0
        return (self.paused_until - start).days + 1

    def last_nudge_weekday(self) -> int | None:
        """The member's last weekday of the ISO week: that day's challenge is a reflection."""
        return max(self.weekdays, default=None)


def wall_to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """Turn a naive local wall time into UTC, resolving DST gaps forward and overlaps to the first.

    In a gap (the wall time never happens), the result is the transition instant itself: the first
    valid local minute after the gap, e.g. 02:30 on a New York spring-forward day becomes 03:00.
    """
    first = wall.replace(tzinfo=zone)
    utc = first.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) == wall:
        return utc  # the wall time exists (fold=0 picked the first of two, if it repeats)
    # fold=0 reads the wall time with the offset from before the jump, fold=1 with the one after;
    # the transition lies between the two UTC readings. Find it to the minute.
    low = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    high = first.astimezone(UTC)
    if low > high:
        low, high = high, low
    after_offset = high.astimezone(zone).utcoffset()
    probe = low
    while probe < high and probe.astimezone(zone).utcoffset() != after_offset:
        probe += timedelta(minutes=1)
    return probe
