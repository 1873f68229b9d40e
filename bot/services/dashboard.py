"""A team's figures for the dashboard: aggregates only, over a period of 4, 12 or 52 weeks.

Privacy rule: a figure computed over fewer than ``MIN_MEMBERS`` members is hidden (the page says
"fewer than 5"); no note, win text or kept person is ever read here. Weeks run Monday to Sunday
in the team's zone; the last one is the current week, up to today.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import RecipientUnreachable, TeamRef, Unreachable
from bot.storage import dashboard_queries as dq
from bot.storage import intro_queries as iq
from bot.storage import queries as q
from bot.storage.database import Database
from bot.storage.tables import Delivery
from bot.vocabulary import GOAL_TAGS, RESISTANCE_TAGS

MIN_MEMBERS = 5
PERIODS: tuple[int, ...] = (4, 12, 52)
#: Streak buckets: (lowest, highest or None, label).
STREAK_BUCKETS: tuple[tuple[int, int | None, str], ...] = (
    (0, 0, "0 days"),
    (1, 2, "1–2 days"),
    (3, 6, "3–6 days"),
    (7, 13, "7–13 days"),
    (14, 29, "14–29 days"),
    (30, None, "30 days or more"),
)


@dataclass(frozen=True)
class Figure:
    """A number and how many members it was computed over; hidden below ``MIN_MEMBERS``."""

    value: float
    members: int

    @property
    def hidden(self) -> bool:
        return self.members < MIN_MEMBERS


@dataclass(frozen=True)
class Week:
    first: date
    sent: Figure
    done: Figure


@dataclass(frozen=True)
class Rate:
    """Completion of one group of nudges (a level, a theme): done out of delivered."""

    label: str
    sent: Figure
    done: Figure
    rate: Figure


@dataclass(frozen=True)
class Count:
    label: str
    count: Figure


@dataclass(frozen=True)
class Cohort:
    """Members who joined in one month, and of them how many did a challenge in each month of
    the period (None for a month before they joined). Hidden when fewer than 5 joined."""

    joined: str
    members: Figure
    active: tuple[Figure | None, ...]


@dataclass(frozen=True)
class IntroWeek:
    made: Figure
    met: Figure


@dataclass(frozen=True)
class IntroFigures:
    """Intro groups made in the period's rounds, and how many of them said they met (a group
    counts as met when one of its members answered so), over the members introduced; and the
    same per week, oldest first."""

    introduced: Figure
    made: Figure
    met: Figure
    weekly: tuple[IntroWeek, ...]


@dataclass(frozen=True)
class TeamFigures:
    team: TeamRef
    weeks: int
    first: date
    today: date
    enrolled: Figure
    active_this_week: Figure
    participation: Figure
    weekly: tuple[Week, ...]
    by_level: tuple[Rate, ...]
    by_theme: tuple[Rate, ...]
    streaks: tuple[Count, ...]
    levels: tuple[Count, ...]
    holding_back: tuple[Count, ...]
    goals: tuple[Count, ...]
    wins_shared: Figure
    unreachable: tuple[Count, ...]
    #: When these figures were counted (a page may show figures counted a few minutes ago).
    counted_at: datetime
    #: Of those who joined in each month, how many did a challenge in each month of the period.
    retention: tuple[Cohort, ...] = ()
    #: Intros made and met: None when the team has no intro rounds set and none in the period.
    intros: IntroFigures | None = None


def unreachable_kind(reason: str) -> Unreachable:
    """The core's word for a stored park reason (a platform code, or an uninstall note)."""
    if "uninstall" in reason or "revoked" in reason:
        return Unreachable.NOT_INSTALLED
    return RecipientUnreachable(reason).kind


def period_start(today: date, weeks: int) -> date:
    """The Monday that opens a period of ``weeks`` weeks ending in the week of ``today``."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


async def teams(db: Database, scope: str | None) -> list[TeamRef]:
    """The teams a session may read: one (its own) or, for the operator (None), all of them."""
    async with db.transaction() as session:
        found = [ref for ref, _zone in await dq.teams(session)]
    return [ref for ref in found if scope is None or ref.key == scope]


async def figures(
    db: Database, team: TeamRef, weeks: int, now: datetime, default_zone: str = "UTC"
) -> TeamFigures:
    if weeks not in PERIODS:
        raise ValueError(f"a period is one of {PERIODS} weeks")
    async with db.transaction() as session:
        zones = dict(await dq.teams(session))
        zone = q.zone_named(zones.get(team) or default_zone)
        today = now.astimezone(zone).date()
        first = period_start(today, weeks)
        enrolled = await dq.enrolled(session, team)
        weekly = await dq.weekly(session, team, first, weeks)
        by_level = await dq.by_column(session, team, first, today, Delivery.level)
        by_theme = await dq.by_column(session, team, first, today, Delivery.theme)
        levels = await dq.levels(session, team)
        focus = await dq.focus_counts(session, team, (*RESISTANCE_TAGS, *GOAL_TAGS))
        since = datetime.combine(first, time(), zone)
        wins = await dq.wins_shared(session, team, since)
        parked = await dq.parked_reasons(session, team)
        streaks = await dq.streak_counts(session, team, first, today)
        sizes, active_by_month = await dq.cohorts(session, team, first, today)
        intros = await _intros(session, team, first, today, weeks)
    over_team = _Over(enrolled)
    active = weekly[-1].active
    return TeamFigures(
        team=team,
        weeks=weeks,
        first=first,
        today=today,
        enrolled=Figure(enrolled, enrolled),
        active_this_week=over_team(active),
        participation=Figure(active / enrolled if enrolled else 0.0, enrolled),
        weekly=tuple(
            Week(first + timedelta(weeks=i), Figure(t.sent, t.members), Figure(t.done, t.members))
            for i, t in enumerate(weekly)
        ),
        by_level=tuple(_rate(f"Level {level}", t) for level, t in by_level),
        by_theme=tuple(_rate(str(theme).replace("_", " "), t) for theme, t in by_theme),
        streaks=_streaks(streaks),
        levels=tuple(Count(f"Level {n}", over_team(levels.get(n, 0))) for n in (1, 2, 3)),
        holding_back=tuple(Count(tag, over_team(focus[tag])) for tag in RESISTANCE_TAGS),
        goals=tuple(Count(tag, over_team(focus[tag])) for tag in GOAL_TAGS),
        wins_shared=over_team(wins),
        unreachable=_unreachable(parked, over_team),
        retention=_retention(sizes, active_by_month, months_between(first, today)),
        intros=intros,
        counted_at=now,
    )


async def _intros(
    session: AsyncSession, team: TeamRef, first: date, today: date, weeks: int
) -> IntroFigures | None:
    groups = await iq.groups_made(session, team, first, today)
    if not groups and not await iq.intros_on(session, team):
        return None
    introduced = await iq.members_introduced(session, team, first, today)
    over = _Over(introduced)
    per_week: list[list[iq.GroupMade]] = [[] for _ in range(weeks)]
    for group in groups:
        per_week[(group.day - first).days // 7].append(group)
    return IntroFigures(
        introduced=over(introduced),
        made=over(len(groups)),
        met=over(sum(g.met for g in groups)),
        weekly=tuple(_intro_week(week) for week in per_week),
    )


def _intro_week(groups: Sequence[iq.GroupMade]) -> IntroWeek:
    """One week's groups; a member sits in one group a round and a team has one round a week."""
    over = _Over(sum(g.size for g in groups))
    return IntroWeek(over(len(groups)), over(sum(g.met for g in groups)))


@dataclass(frozen=True)
class _Over:
    """Counts of members taken over the whole team: they share its member count."""

    members: int

    def __call__(self, value: float) -> Figure:
        return Figure(value, self.members)


def _rate(label: str, tally: dq.Tally) -> Rate:
    rate = tally.done / tally.sent if tally.sent else 0.0
    return Rate(
        label,
        Figure(tally.sent, tally.members),
        Figure(tally.done, tally.members),
        Figure(rate, tally.members),
    )


def _streaks(counts: dict[int, int]) -> tuple[Count, ...]:
    """Current streaks, counted within the period only (a longer one shows as the period's)."""
    members = sum(counts.values())
    return tuple(
        Count(
            label,
            Figure(
                sum(
                    n
                    for days, n in counts.items()
                    if low <= days and (high is None or days <= high)
                ),
                members,
            ),
        )
        for low, high, label in STREAK_BUCKETS
    )


def months_between(first: date, last: date) -> tuple[str, ...]:
    """The months (``YYYY-MM``) from the one of ``first`` to the one of ``last``."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months)


def _retention(
    sizes: dict[str, int], active: dict[tuple[str, str], int], months: Sequence[str]
) -> tuple[Cohort, ...]:
    """One row per join month, oldest first; a cell per period month from the join month on."""
    return tuple(
        Cohort(
            joined,
            Figure(size, size),
            tuple(
                Figure(active.get((joined, month), 0), size) if month >= joined else None
                for month in months
            ),
        )
        for joined, size in sorted(sizes.items())
    )


def _unreachable(parked: Sequence[tuple[str, int]], over: _Over) -> tuple[Count, ...]:
    by_kind: dict[Unreachable, int] = {}
    for reason, count in parked:
        kind = unreachable_kind(reason)
        by_kind[kind] = by_kind.get(kind, 0) + count
    return tuple(Count(kind.value, over(by_kind[kind])) for kind in Unreachable if kind in by_kind)


def weekly_csv_rows(figures: TeamFigures) -> list[list[str]]:
    """The weekly figures as CSV rows, header first; hidden figures read "fewer than 5"."""
    header = ["week_starting", "nudges_delivered", "challenges_done", "completion_rate"]
    intros = figures.intros
    rows = [header + (["intros_made", "intros_met"] if intros else [])]
    for i, week in enumerate(figures.weekly):
        rate = Figure(
            week.done.value / week.sent.value if week.sent.value else 0.0, week.sent.members
        )
        row = [week.first.isoformat(), shown(week.sent), shown(week.done), shown(rate, "{:.0%}")]
        if intros:
            row += [shown(intros.weekly[i].made), shown(intros.weekly[i].met)]
        rows.append(row)
    return rows


HIDDEN = f"fewer than {MIN_MEMBERS}"


def shown(figure: Figure, form: str = "{:g}") -> str:
    """A figure as the dashboard prints it: its value, or that it covers too few members."""
    return HIDDEN if figure.hidden else form.format(figure.value)
