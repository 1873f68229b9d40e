"""``/network-streak``: the member's streak, freezes and this week at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import heatmap
from bot.ports import MemberRef
from bot.services import texts
from bot.services.context import Context, as_member
from bot.storage import queries as q
from bot.storage.tables import Member, Pause
from bot.streaks import MILESTONES, DayState, StreakSummary, settled_states
from bot.views import Attachment, Reply


async def streak(ctx: Context, ref: MemberRef, event_id: str | None = None) -> Reply | None:
    """The streak in words, with the last 12 weeks as a picture."""

    async def act(session: AsyncSession, member: Member, now: datetime) -> Reply:
        today = q.today_of(member, now)
        recent = await q.recent_of(session, member, heatmap.first_day(today))
        summary = recent.summary(today)
        grid = await _grid(session, member, recent, summary, today)
        days = "day" if summary.current == 1 else "days"
        title = f"Streak: {summary.current} {days} · longest {summary.longest}"
        title += f" · last {heatmap.WEEKS} weeks"
        picture = Attachment(
            f"streak-{today.isoformat()}.png", heatmap.render_png(grid, title), "image/png"
        )
        return Reply(describe(summary, grid), files=(picture,))

    return await as_member(ctx, ref, event_id, act)


async def _grid(
    session: AsyncSession, member: Member, recent: q.Recent, summary: StreakSummary, today: date
) -> heatmap.Grid:
    """The picture: the days the rules state settled, told from their weeks and the freezes it
    kept, then the days walked on from it."""
    first = heatmap.first_day(today)
    pauses = await session.execute(
        select(Pause.first_day, Pause.last_day).where(
            Pause.member_id == member.id, Pause.last_day >= first
        )
    )
    spans = [(first, last) for first, last in pauses]
    if member.paused_until is not None and member.paused_until >= today:
        spans.append((today, member.paused_until))
    through = recent.state.through
    settled = [d for d in recent.days if through is not None and d.local_date <= through]
    states = dict(settled_states(q.logged_days(settled), today, recent.state.frozen))
    return heatmap.lay_out(today, states | dict(summary.days), spans)


@dataclass(frozen=True)
class WeekDay:
    day: date
    challenge: str | None
    theme: str | None
    state: DayState | None


@dataclass(frozen=True)
class HomeView:
    """What a member's home screen shows: the streak and this week's challenges."""

    summary: StreakSummary
    today: date
    week: tuple[WeekDay, ...]
    text: str
    #: The last 12 weeks, as the streak picture shows them.
    grid: heatmap.Grid


async def home(ctx: Context, ref: MemberRef) -> HomeView | None:
    """The streak and this week's challenges with their state (Slack App Home, Discord, demo)."""
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        member = await q.member_by_ref(session, ref)
        if member is None:
            return None
        today = q.today_of(member, now)
        recent = await q.recent_of(session, member, heatmap.first_day(today))
        summary = recent.summary(today)
        grid = await _grid(session, member, recent, summary, today)
    states, by_day = dict(summary.days), {d.local_date: d for d in recent.days}
    monday = today - timedelta(days=today.weekday())
    week = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        nudge = by_day.get(day)
        challenge = ctx.catalog.challenge(nudge.challenge_id) if nudge else None
        week.append(
            WeekDay(
                day,
                challenge.text if challenge else None,
                nudge.theme if nudge else None,
                states.get(day),
            )
        )
    return HomeView(summary, today, tuple(week), describe(summary, grid), grid)


def describe(summary: StreakSummary, grid: heatmap.Grid) -> str:
    monday = grid.today - timedelta(days=grid.today.weekday())
    week = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        week.append(f"{day:%a} {texts.CELL_MARKS.get(grid.cell_of(day), '·')}")
    lines = [
        f"{texts.streak_line(summary)}",
        f"Longest streak: {summary.longest} · Freezes held: {summary.freezes} of 2"
        + (f" · Comebacks: {summary.comebacks}" if summary.comebacks else ""),
        "This week: " + "  ".join(week),
    ]
    upcoming = next((m for m in MILESTONES if m > summary.current), None)
    if upcoming:
        lines.append(f"Next milestone: {upcoming} days ({upcoming - summary.current} to go).")
    lines.append("✅ done · 💤 rest · ❄️ freeze · ✖️ missed · ⏳ open · ⏸️ paused")
    return "\n".join(lines)
