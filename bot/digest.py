"""The weekly team digest: what a team did this week, as one short post. Pure: facts in, text out.

Intros are counted (groups made this week, and how many met), never named.

The digest celebrates the group, not individuals: counts for everyone, names only for members who
opted in to team celebrations. A week in which nothing happened gets no post at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

LEADERBOARD_SIZE = 5
MEDALS = ("🥇", "🥈", "🥉")


@dataclass(frozen=True)
class Milestone:
    #: The member's mention when they opted in to team celebrations, else None (counted only).
    who: str | None
    days: int


@dataclass(frozen=True)
class Standing:
    who: str
    done: int


@dataclass(frozen=True)
class WeekFacts:
    first: date
    last: date
    done: int
    #: How many different members completed at least one challenge.
    people: int
    wins_shared: int
    milestones: tuple[Milestone, ...]
    team_streak: int
    #: Opted-in members by challenges done this week; empty when the leaderboard is off.
    leaderboard: tuple[Standing, ...] = ()
    #: Intro groups made in rounds this week, and how many of them said they met (no names).
    intros_made: int = 0
    intros_met: int = 0


def team_streak(
    days: Mapping[date, int], today: date, carried: int = 0, carried_through: date | None = None
) -> int:
    """Consecutive team nudge days with at least one completion, counting back from the latest.

    ``days`` maps each local date on which anyone in the team had a nudge to how many completed
    it; dates nobody was nudged (weekends, holidays) are absent and so neither break nor extend
    the streak. Today counts once someone has completed, and does not break it before.
    ``carried`` is the streak as it stood at the end of ``carried_through``, counted earlier:
    the days up to then are not read again (:func:`settle_team_streak`).
    """
    streak = 0
    for day in sorted(days, reverse=True):
        if carried_through is not None and day <= carried_through:
            break
        if day > today or (day == today and not days[day]):
            continue
        if not days[day]:
            return streak
        streak += 1
    return streak + carried


def settle_team_streak(
    days: Mapping[date, int], through: date, carried: int = 0, carried_through: date | None = None
) -> int:
    """The team streak as it stands at the end of ``through`` (a day gone by, so a day of it
    with no completion breaks it), carried on from ``carried`` at ``carried_through``."""
    settled = {day: done for day, done in days.items() if day <= through}
    return team_streak(settled, through + timedelta(days=1), carried, carried_through)


def ranked(done_by_member: Mapping[str, int]) -> tuple[Standing, ...]:
    """The top of the leaderboard: most done first, ties by name so it reads the same anywhere."""
    order = sorted(done_by_member.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Standing(who, done) for who, done in order if done)[:LEADERBOARD_SIZE]


def compose(facts: WeekFacts, opener: str) -> str | None:
    """The digest's text, or None when the week had no completion, win or milestone."""
    if not (facts.done or facts.wins_shared or facts.milestones or facts.intros_made):
        return None
    lines = [f"📣 Team week, {_span(facts.first, facts.last)}", opener]
    if facts.done:
        lines.append(
            f"• ✅ {_count(facts.done, 'challenge')} done by {_count(facts.people, 'person')}"
        )
    if facts.wins_shared:
        lines.append(f"• 🎉 {_count(facts.wins_shared, 'win')} shared")
    if facts.milestones:
        lines.append(f"• 🏅 {_milestones(facts.milestones)}")
    if facts.intros_made:
        lines.append(f"• 🤝 {_count(facts.intros_made, 'intro')} made, {facts.intros_met} met")
    if facts.team_streak > 1:
        lines.append(f"• 🔥 Team streak: {_count(facts.team_streak, 'day')} in a row")
    if facts.leaderboard:
        lines.append("Most challenges this week (members who opted in):")
        for place, standing in enumerate(facts.leaderboard):
            medal = MEDALS[place] if place < len(MEDALS) else f"{place + 1}."
            lines.append(f"{medal} {standing.who}: {standing.done}")
    return "\n".join(lines)


def _milestones(reached: Sequence[Milestone]) -> str:
    named = [f"{m.who} reached {m.days} days" for m in reached if m.who]
    others = len(reached) - len(named)
    if not named:
        return f"{_count(others, 'milestone')} reached"
    if others:
        named.append(f"{others} more")
    return f"{'Milestone' if len(reached) == 1 else 'Milestones'}: {', '.join(named)}"


def _count(n: int, noun: str) -> str:
    plural = {"person": "people"}.get(noun, f"{noun}s")
    return f"{n} {noun if n == 1 else plural}"


def _span(first: date, last: date) -> str:
    if first.month == last.month:
        return f"{first.day}–{last.day} {last:%b}"
    return f"{first.day} {first:%b} – {last.day} {last:%b}"
