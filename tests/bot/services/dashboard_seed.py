"""A small seeded history for the dashboard's tests, with its figures worked out by hand.

Team ``slack:T1`` (UTC, today Wednesday 25 November 2026, period of 4 weeks from Monday 2 Nov):
six active members m0..m5, one parked (closed DMs) and one who left.

- week of 16 Nov: m1 and m2 did a level-1 reach-out each (two members: hidden);
- Mon 23 Nov: m0 (level 2, self-talk) and m1..m4 done, m5 skipped;
- Tue 24 Nov: m0..m2 done, m3..m5 left open (missed by now).
- intros on (weekly, Mondays): the round of 16 Nov paired m0+m1 (m0 said met) and m2+m3+m4,
  m5 left out; the round of 23 Nov paired m0+m2 (m2 said met) and m1+m3 (planned); the round of
  26 Oct (before the 4-week period) paired m0+m1, who met.

Team ``discord:G9`` has three members: every figure of it is hidden. The notes, win texts and
people carry the word SECRET, which must never reach a page.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select

from bot.storage.database import Database
from bot.storage.tables import (
    Delivery,
    IntroRound,
    IntroSeat,
    Member,
    Person,
    Team,
    TeamIntros,
    Win,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
T1 = "slack:T1"
G9 = "discord:G9"


def _member(n: int, platform: str, team: str, **fields: object) -> Member:
    values: dict[str, object] = {
        "platform": platform,
        "workspace": team,
        "user_id": f"U{n}",
        "team": team,
        "zone": "UTC",
        "nudge_time": time(9),
        "weekdays": "12345",
        "level": 1,
        "level_since": date(2026, 10, 1),
        "focus": "",
        "status": "active",
        "joined_at": datetime(2026, 10, 1, tzinfo=UTC),
    }
    return Member(**(values | fields))


def _nudge(
    member: Member, day: str, outcome: str, level: int = 1, theme: str = "reach_out"
) -> Delivery:
    at = datetime.fromisoformat(day).replace(hour=9, tzinfo=UTC)
    return Delivery(
        member_id=member.id,
        local_date=date.fromisoformat(day),
        challenge_id=f"c-{day}",
        theme=theme,
        kind="reach_out",
        level=level,
        claimed_at=at,
        sent_at=at,
        outcome=outcome,
        note="SECRET note" if outcome == "done" else None,
    )


async def seed(db: Database) -> None:
    async with db.transaction() as session:
        session.add(Team(platform="slack", team_id="T1", zone="UTC", digest_time=time(16)))
        m = [
            _member(0, "slack", "T1", level=2, focus="fear_of_rejection,mentor"),
            *(_member(n, "slack", "T1", focus="fear_of_rejection,mentor") for n in (1, 2, 3)),
            _member(4, "slack", "T1", focus="low_confidence"),
            _member(5, "slack", "T1"),
            _member(6, "slack", "T1", status="parked", status_reason="dms_closed"),
            _member(7, "slack", "T1", status="left", status_reason="left"),
        ]
        small = [_member(n, "discord", "G9") for n in (10, 11, 12)]
        session.add_all([*m, *small])
        await session.flush()
        session.add_all(
            [
                _nudge(m[1], "2026-11-16", "done"),
                _nudge(m[2], "2026-11-17", "done"),
                _nudge(m[0], "2026-11-23", "done", level=2, theme="self_talk"),
                *(_nudge(m[n], "2026-11-23", "done") for n in (1, 2, 3, 4)),
                _nudge(m[5], "2026-11-23", "skipped"),
                _nudge(m[0], "2026-11-24", "done", level=2, theme="self_talk"),
                *(_nudge(m[n], "2026-11-24", "done") for n in (1, 2)),
                *(_nudge(m[n], "2026-11-24", "open") for n in (3, 4, 5)),
                # The member who left did a lot: none of it counts for the team any more.
                *(_nudge(m[7], f"2026-11-{d}", "done") for d in (16, 17, 18, 23, 24)),
                *(_nudge(s, "2026-11-23", "done") for s in small),
            ]
        )
        win = datetime(2026, 11, 24, 10, tzinfo=UTC)
        session.add_all(
            [
                Win(member_id=m[0].id, text="SECRET shared win", created_at=win, shared_at=win),
                Win(member_id=m[1].id, text="SECRET private win", created_at=win),
                Win(
                    member_id=m[2].id,
                    text="SECRET old win",
                    created_at=datetime(2026, 10, 1, tzinfo=UTC),
                    shared_at=datetime(2026, 10, 1, tzinfo=UTC),
                ),
                Person(
                    member_id=m[0].id,
                    name="SECRET person",
                    context="SECRET context",
                    next_check_in=date(2026, 12, 1),
                    created_at=win,
                ),
            ]
        )
        await session.flush()
        t1 = await session.scalar(select(Team.id).where(Team.team_id == "T1"))
        assert t1 is not None
        session.add(TeamIntros(team_id=t1, weekday=1, every_weeks=1, anchor=date(2026, 10, 5)))
        rounds = {
            "2026-10-26": [(0, 1, "met"), (1, 1, None)],
            "2026-11-16": [(0, 1, "met"), (1, 1, None), (2, 2, None), (3, 2, None), (4, 2, None)],
            "2026-11-23": [(0, 1, None), (2, 1, "met"), (1, 2, "planned"), (3, 2, None)],
        }
        for day, seats in rounds.items():
            at = datetime.fromisoformat(day).replace(tzinfo=UTC)
            intro_round = IntroRound(
                team_id=t1, round_date=date.fromisoformat(day), created_at=at, paired_at=at
            )
            session.add(intro_round)
            await session.flush()
            session.add_all(
                IntroSeat(round_id=intro_round.id, member_id=m[n].id, group_no=g, outcome=outcome)
                for n, g, outcome in seats
            )
        left_out = await session.scalar(
            select(IntroRound.id).where(IntroRound.round_date == date(2026, 11, 16))
        )
        session.add(IntroSeat(round_id=left_out, member_id=m[5].id, unpaired="no_overlap"))
