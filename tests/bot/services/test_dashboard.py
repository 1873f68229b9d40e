"""The dashboard's figures on a seeded history, against the figures worked out by hand in
``dashboard_seed``; and the rule that hides any figure over fewer than five members."""

from __future__ import annotations

from datetime import date

import pytest

from bot.ports import TeamRef
from bot.services import dashboard
from bot.services.dashboard import HIDDEN, Figure, shown
from tests.bot.services.dashboard_seed import G9, NOW, T1, seed


@pytest.fixture
async def seeded(db):
    await seed(db)
    return db


def values(counts):
    return {c.label: shown(c.count) for c in counts}


async def test_the_team_at_a_glance(seeded):
    f = await dashboard.figures(seeded, TeamRef.parse(T1), 4, NOW)
    assert (f.first, f.today) == (date(2026, 11, 2), date(2026, 11, 25))
    # Six active and one parked; the member who left is not enrolled.
    assert f.enrolled == Figure(7, 7)
    assert f.active_this_week == Figure(5, 7)
    assert shown(f.participation, "{:.0%}") == "71%"
    assert f.wins_shared == Figure(1, 7)


async def test_challenges_done_per_week(seeded):
    f = await dashboard.figures(seeded, TeamRef.parse(T1), 4, NOW)
    weeks = [(w.first.isoformat(), shown(w.sent), shown(w.done)) for w in f.weekly]
    assert weeks == [
        ("2026-11-02", HIDDEN, HIDDEN),
        ("2026-11-09", HIDDEN, HIDDEN),
        ("2026-11-16", HIDDEN, HIDDEN),  # two members nudged
        ("2026-11-23", "12", "8"),
    ]


async def test_completion_by_level_and_theme(seeded):
    f = await dashboard.figures(seeded, TeamRef.parse(T1), 4, NOW)
    levels = {r.label: (shown(r.sent), shown(r.done), shown(r.rate, "{:.0%}")) for r in f.by_level}
    assert levels == {"Level 1": ("12", "8", "67%"), "Level 2": (HIDDEN, HIDDEN, HIDDEN)}
    themes = {r.label: shown(r.rate, "{:.0%}") for r in f.by_theme}
    assert themes == {"reach out": "67%", "self talk": HIDDEN}


async def test_distributions_focus_and_reach(seeded):
    f = await dashboard.figures(seeded, TeamRef.parse(T1), 4, NOW)
    # m3..m5 missed Tuesday, m0 has two days, m1 and m2 three (their week-earlier day counts).
    assert values(f.streaks) == {
        "0 days": "3",
        "1–2 days": "1",
        "3–6 days": "2",
        "7–13 days": "0",
        "14–29 days": "0",
        "30 days or more": "0",
    }
    assert values(f.levels) == {"Level 1": "6", "Level 2": "1", "Level 3": "0"}
    assert values(f.holding_back)["fear_of_rejection"] == "4"
    assert values(f.holding_back)["low_confidence"] == "1"
    assert values(f.goals)["mentor"] == "4"
    assert values(f.unreachable) == {"dms_closed": "1"}


async def test_a_period_counts_only_its_own_weeks(seeded):
    f = await dashboard.figures(seeded, TeamRef.parse(T1), 12, NOW)
    assert len(f.weekly) == 12 and f.first == date(2026, 9, 7)
    # The win shared on 1 October falls inside twelve weeks, not inside four.
    assert f.wins_shared == Figure(2, 7)


async def test_a_team_under_five_members_shows_no_figure(seeded):
    f = await dashboard.figures(seeded, TeamRef.parse(G9), 4, NOW)
    figures = [
        f.enrolled,
        f.active_this_week,
        f.participation,
        f.wins_shared,
        *(x for w in f.weekly for x in (w.sent, w.done)),
        *(x for r in (*f.by_level, *f.by_theme) for x in (r.sent, r.done, r.rate)),
        *(c.count for c in (*f.streaks, *f.levels, *f.holding_back, *f.goals)),
    ]
    assert figures and all(shown(x) == HIDDEN for x in figures)
    assert all(row[1:] == [HIDDEN] * 3 for row in dashboard.weekly_csv_rows(f)[1:])


async def test_the_weekly_csv(seeded):
    f = await dashboard.figures(seeded, TeamRef.parse(T1), 4, NOW)
    rows = dashboard.weekly_csv_rows(f)
    assert rows[0] == [
        "week_starting",
        "nudges_delivered",
        "challenges_done",
        "completion_rate",
        "intros_made",
        "intros_met",
    ]
    assert rows[-2][-2:] == ["2", "1"]
    assert rows[-1] == ["2026-11-23", "12", "8", "67%", HIDDEN, HIDDEN]


async def test_each_session_sees_its_own_teams(seeded):
    assert [t.key for t in await dashboard.teams(seeded, None)] == [G9, T1]
    assert [t.key for t in await dashboard.teams(seeded, T1)] == [T1]
    assert await dashboard.teams(seeded, "slack:T2") == []


async def test_retention_by_join_month(seeded):
    f = await dashboard.figures(seeded, TeamRef.parse(T1), 12, NOW)
    # Everyone joined in October 2026; the period's months run September to November.
    assert dashboard.months_between(f.first, f.today) == ("2026-09", "2026-10", "2026-11")
    (october,) = f.retention
    assert (october.joined, shown(october.members)) == ("2026-10", "7")
    # No month before joining; none active in October; five did a challenge in November.
    assert [None if c is None else shown(c) for c in october.active] == [None, "0", "5"]


async def test_retention_hides_a_cohort_under_five(seeded):
    (cohort,) = (await dashboard.figures(seeded, TeamRef.parse(G9), 4, NOW)).retention
    assert shown(cohort.members) == HIDDEN
    assert all(c is None or shown(c) == HIDDEN for c in cohort.active)


def test_months_cross_a_year():
    assert dashboard.months_between(date(2025, 11, 24), date(2026, 2, 1)) == (
        "2025-11",
        "2025-12",
        "2026-01",
        "2026-02",
    )


async def test_no_intros_figures_for_a_team_without_intros(seeded):
    assert (await dashboard.figures(seeded, TeamRef.parse(G9), 4, NOW)).intros is None


async def test_intros_made_and_met_in_the_period(seeded):
    intros = (await dashboard.figures(seeded, TeamRef.parse(T1), 4, NOW)).intros
    assert intros is not None
    # Two rounds in the period, two groups each; one group of each said they met; m0..m4 met
    # someone new (m5 was left out, and the October round is before the period).
    assert [shown(x) for x in (intros.introduced, intros.made, intros.met)] == ["5", "4", "2"]
    assert [(shown(w.made), shown(w.met)) for w in intros.weekly] == [
        (HIDDEN, HIDDEN),
        (HIDDEN, HIDDEN),
        ("2", "1"),
        (HIDDEN, HIDDEN),  # four members in that round's groups
    ]
    longer = (await dashboard.figures(seeded, TeamRef.parse(T1), 12, NOW)).intros
    assert longer is not None
    assert [shown(x) for x in (longer.introduced, longer.made, longer.met)] == ["5", "5", "3"]
