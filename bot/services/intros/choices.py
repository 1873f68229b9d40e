"""What admins and members choose about intros, and their answers to intro buttons.

``/network-admin intros weekly mon`` sets a team's rhythm (admins only); ``/network-intros on``,
``off`` or ``pause 2 weeks`` is each member's own choice. Nobody is paired without opting in.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.actions import ActionId, Verb
from bot.intros import rhythm as r
from bot.intros import texts
from bot.intros.texts import Outcome
from bot.ports import MemberRef, TeamRef
from bot.preferences import Invalid
from bot.replies import parse_reply
from bot.services import team_admin, wins
from bot.services.context import Context, Turn, as_turn
from bot.storage import queries as q
from bot.storage.tables import IntroMember, IntroRound, IntroSeat, Member, Team, TeamIntros
from bot.views import Button, Reply, Style

ANSWER_OF = {
    Verb.INTRO_MET: Outcome.MET,
    Verb.INTRO_PLANNED: Outcome.PLANNED,
    Verb.INTRO_NOT_YET: Outcome.NOT_YET,
}
#: Buttons whose id is a seat in a round; and joining's question, whose id is the member's.
SEAT_VERBS = frozenset({Verb.INTRO_SKIP, Verb.INTRO_SHARE, *ANSWER_OF})
JOIN_VERBS = frozenset({Verb.INTROS_ON, Verb.INTROS_NO})
JOIN_QUESTION = (
    "Your team runs intros: now and then I pair you with a teammate for a short chat. "
    "Want in? (You can change it any time with `/network-intros`.)"
)


async def set_rhythm(
    ctx: Context,
    team: TeamRef,
    is_admin: bool,
    rhythm: r.Rhythm | None,
    show_only: bool,
    event_id: str | None = None,
) -> Reply | None:
    """``/network-admin intros …``: show or change a team's rhythm (admins only)."""
    if not is_admin:
        return Reply(team_admin.NOT_ADMIN)
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        if not await q.first_time_seen(session, event_id, now):
            return None
        row = await team_admin.team_row(ctx, session, team)
        current = await session.get(TeamIntros, row.id)
        if show_only:
            return Reply(f"{_describe(current)}\n{r.ADMIN_INTROS_USAGE}")
        if rhythm is None:
            if current is not None:
                await session.delete(current)
            return Reply("Intros are off for the team. Members' choices are kept for next time.")
        today = now.astimezone(q.zone_named(row.zone)).date()
        anchor = r.anchor_for(rhythm, today)
        if current is None:
            current = TeamIntros(team_id=row.id)
            session.add(current)
        current.weekday, current.every_weeks, current.anchor = (
            rhythm.weekday,
            rhythm.every_weeks,
            anchor,
        )
        return Reply(
            f"Saved: intros {rhythm.describe()}, the first on {anchor:%A %d %B}. "
            "Members join with `/network-intros on`; the day before each round they get a "
            "heads-up and can skip it."
        )


def _describe(settings: TeamIntros | None) -> str:
    if settings is None:
        return "Intros are off for the team."
    return f"Intros run {r.Rhythm(settings.weekday, settings.every_weeks).describe()}."


async def opt_in(
    ctx: Context, ref: MemberRef, change: r.OptInChange, event_id: str | None = None
) -> Reply | None:
    """``/network-intros on|off|pause …``; empty shows where the member stands."""

    async def act(turn: Turn) -> Reply:
        choice = await turn.session.get(IntroMember, turn.member.id)
        if change.state is None:
            rhythm = await team_rhythm(turn.session, turn.member)
            state = choice.state if choice else r.OptIn.OFF.value
            if choice and choice.paused_until and choice.paused_until < turn.today:
                state = r.OptIn.ON.value  # a pause that has ended: back in
            shown = choice.paused_until.isoformat() if choice and choice.paused_until else None
            return Reply(texts.opt_in_status(state, shown, rhythm))
        until: date | None = None
        if change.state is r.OptIn.PAUSED:
            read = r.pause_until(change.pause, turn.today)
            if isinstance(read, Invalid):
                return Reply(read.message)
            until = read
        await choose(turn, change.state, until)
        if change.state is r.OptIn.ON:
            rhythm = await team_rhythm(turn.session, turn.member)
            when = (
                f" Your team's rounds run {rhythm}."
                if rhythm
                else (
                    " Your team hasn't turned intros on yet; an admin can with "
                    "`/network-admin intros weekly mon`."
                )
            )
            return Reply("You're in: I'll pair you with a teammate for a short chat." + when)
        if change.state is r.OptIn.OFF:
            return Reply("You're out of intros. `/network-intros on` brings you back any time.")
        return Reply(f"Intros paused until {until:%A %d %B}; you're back in the round after.")

    return await as_turn(ctx, ref, event_id, act)


async def choose(turn: Turn, state: r.OptIn, until: date | None = None) -> None:
    choice = await turn.session.get(IntroMember, turn.member.id)
    if choice is None:
        choice = IntroMember(member_id=turn.member.id, group=None)
        turn.session.add(choice)
    choice.state, choice.paused_until, choice.updated_at = state.value, until, turn.now


async def team_rhythm(session: AsyncSession, member: Member) -> str | None:
    """How the member's team runs intros, in words; None when it doesn't."""
    found = await session.execute(
        select(TeamIntros)
        .join(Team, Team.id == TeamIntros.team_id)
        .where(Team.platform == member.platform, Team.team_id == member.team)
    )
    settings = found.scalar()
    return r.Rhythm(settings.weekday, settings.every_weeks).describe() if settings else None


async def join_question(session: AsyncSession, member: Member) -> tuple[str, tuple[Button, ...]]:
    """Joining's one intro question, asked when the team runs intros (else nothing)."""
    if await team_rhythm(session, member) is None:
        return "", ()
    return JOIN_QUESTION, (
        Button("Pair me up", ActionId(Verb.INTROS_ON, member.id), Style.PRIMARY),
        Button("Not now", ActionId(Verb.INTROS_NO, member.id)),
    )


async def press(turn: Turn, verb: Verb, target: int) -> Reply:
    """An intro button: joining's question (the member's id) or a seat's (skip, met, share)."""
    if verb in JOIN_VERBS:
        if target != turn.member.id:
            return Reply("That button isn't yours. Type `/network-intros on` to join intros.")
        if verb is Verb.INTROS_NO:
            return Reply("No problem. `/network-intros on` whenever you'd like a chat.")
        await choose(turn, r.OptIn.ON)
        return Reply("You're in: I'll pair you with a teammate in the next round.")
    seat = await turn.session.get(IntroSeat, target)
    if seat is None or seat.member_id != turn.member.id:
        return Reply("I can't find that intro any more. `/network-intros` shows where you stand.")
    round_ = await turn.session.get(IntroRound, seat.round_id)
    if verb is Verb.INTRO_SKIP:
        if round_ is not None and round_.paired_at is not None:
            return Reply(texts.SKIPPED_TOO_LATE)
        seat.skipped = True
        return Reply(texts.SKIPPED)
    if verb is Verb.INTRO_SHARE:
        return await wins.save_win(turn, parse_reply(f"win: {texts.SHARED_WIN}", turn.today), None)
    outcome = ANSWER_OF[verb]
    seat.outcome, seat.answered_at = outcome.value, turn.now
    share = (Button("Share as win", ActionId(Verb.INTRO_SHARE, seat.id), Style.PRIMARY),)
    return Reply(texts.ANSWERS[outcome], buttons=share if outcome is Outcome.MET else ())
