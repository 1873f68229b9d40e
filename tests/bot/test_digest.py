"""The weekly digest's rules and text, from fixed facts."""

from __future__ import annotations

from datetime import date, timedelta

from bot.digest import Milestone, Standing, WeekFacts, compose, ranked, team_streak

FRIDAY = date(2026, 11, 27)
WEEK = {"first": FRIDAY - timedelta(days=6), "last": FRIDAY}


def test_a_quiet_week_gets_no_digest():
    quiet = WeekFacts(**WEEK, done=0, people=0, wins_shared=0, milestones=(), team_streak=0)
    assert compose(quiet, "Hello team.") is None


def test_the_digest_counts_everyone_and_names_only_who_opted_in():
    facts = WeekFacts(
        **WEEK,
        done=23,
        people=6,
        wins_shared=4,
        milestones=(Milestone("<@A>", 7), Milestone(None, 3), Milestone("<@B>", 14)),
        team_streak=9,
        leaderboard=(
            Standing("<@A>", 5),
            Standing("<@B>", 4),
            Standing("<@C>", 4),
            Standing("<@D>", 1),
        ),
    )
    assert compose(facts, "Another week of small steps.") == "\n".join(
        [
            "📣 Team week, 21–27 Nov",
            "Another week of small steps.",
            "• ✅ 23 challenges done by 6 people",
            "• 🎉 4 wins shared",
            "• 🏅 Milestones: <@A> reached 7 days, <@B> reached 14 days, 1 more",
            "• 🔥 Team streak: 9 days in a row",
            "Most challenges this week (members who opted in):",
            "🥇 <@A>: 5",
            "🥈 <@B>: 4",
            "🥉 <@C>: 4",
            "4. <@D>: 1",
        ]
    )


def test_singular_words_anonymous_milestones_and_a_week_across_months():
    facts = WeekFacts(
        first=date(2026, 11, 26),
        last=date(2026, 12, 2),
        done=1,
        people=1,
        wins_shared=1,
        milestones=(Milestone(None, 3), Milestone(None, 7)),
        team_streak=1,
    )
    assert compose(facts, "Hi.") == "\n".join(
        [
            "📣 Team week, 26 Nov – 2 Dec",
            "Hi.",
            "• ✅ 1 challenge done by 1 person",
            "• 🎉 1 win shared",
            "• 🏅 2 milestones reached",
        ]
    )


def test_the_team_streak_counts_nudge_days_with_a_completion():
    mon = date(2026, 11, 16)
    days = {mon + timedelta(days=n): 1 for n in range(5)}  # Mon–Fri, someone did it
    days |= {mon + timedelta(days=7 + n): 2 for n in range(4)}  # next Mon–Thu
    # The weekend had no nudges: invisible, so the streak runs on through it.
    assert team_streak(days, mon + timedelta(days=10)) == 9
    # Today (Friday), nobody has completed yet: it doesn't break the streak.
    assert team_streak(days | {mon + timedelta(days=11): 0}, mon + timedelta(days=11)) == 9
    # A nudge day nobody completed breaks it.
    broken = days | {mon + timedelta(days=8): 0}
    assert team_streak(broken, mon + timedelta(days=10)) == 2
    assert team_streak({}, mon) == 0


def test_the_leaderboard_ranks_by_done_then_name_and_drops_zeros():
    board = ranked(
        {"<@b>": 3, "<@a>": 3, "<@c>": 5, "<@z>": 0, **{f"<@x{n}>": 1 for n in range(5)}}
    )
    assert [s.who for s in board] == ["<@c>", "<@a>", "<@b>", "<@x0>", "<@x1>"]
