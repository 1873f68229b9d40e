"""My people: the private list of people a member keeps in touch with, and what keeps it alive.

A note that names someone ("done: wrote to Sam, my old manager", a mention) is offered once for
keeping; ``/network-people`` manages the list; a kept person comes due after their cadence and
becomes that day's challenge (:mod:`bot.services.delivery`, at most ``PER_WEEK`` a week); a few
days after a reach-out the member is asked "Did Sam reply?". Nothing here is ever posted to a
channel, the digest or a log line above DEBUG.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import people as rules
from bot.actions import ActionId, Verb
from bot.names import Named, people_in
from bot.ports import MemberRef
from bot.services.context import Context, Turn, as_turn
from bot.storage.tables import Delivery, Member, Person
from bot.views import Button, Reply, Style


async def people(
    ctx: Context, ref: MemberRef, action: rules.PeopleAction, event_id: str | None = None
) -> Reply | None:
    """``/network-people``, already read."""

    async def act(turn: Turn) -> Reply:
        return await _apply(turn, action)

    return await as_turn(ctx, ref, event_id, act)


async def _apply(turn: Turn, action: rules.PeopleAction) -> Reply:
    session, member, today = turn.session, turn.member, turn.today
    kept = await kept_people(session, member.id)
    if isinstance(action, rules.ListPeople):
        return Reply(describe(turn, kept, today, action.page))
    if isinstance(action, rules.AddPerson):
        if _find(kept, action.name) is not None:
            return Reply(f"{shown(turn, _find(kept, action.name))} is already in your people.")
        if len(kept) >= rules.MAX_PEOPLE:
            return Reply(
                f"You keep {rules.MAX_PEOPLE} people already, the most I hold. "
                "Remove someone first with `/network-people remove <name>`."
            )
        added = _new(member, Named(action.name, action.user_id), turn, action.cadence_days)
        session.add(added)
        return Reply(
            f"Added {shown(turn, added)}. I'll suggest a check-in "
            f"{rules.cadence_words(added.cadence_days)}, first on {added.next_check_in:%a %d %b}."
        )
    person = _find(kept, action.name)
    if person is None:
        return Reply(_not_found(kept, action.name))
    if isinstance(action, rules.RemovePerson):
        name = shown(turn, person)
        await session.delete(person)
        return Reply(f"Removed {name} from your people, and everything I noted about them.")
    if isinstance(action, rules.SetCadence):
        person.cadence_days = action.cadence_days
        person.next_check_in = max(
            (person.last_contact or today) + timedelta(days=person.cadence_days),
            today + timedelta(days=1),
        )
        return Reply(
            f"Done: {shown(turn, person)} {rules.cadence_words(person.cadence_days)}, "
            f"next check-in {person.next_check_in:%a %d %b}."
        )
    in_touch(person, today, check_back=False)
    return Reply(
        f"Noted: you were in touch with {shown(turn, person)} today. Next check-in "
        f"{person.next_check_in:%a %d %b}."
    )


async def kept_people(session: AsyncSession, member_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person).where(Person.member_id == member_id).order_by(Person.next_check_in)
    )
    return list(rows)


def describe(turn: Turn, kept: Sequence[Person], today: date, page: int = 1) -> str:
    """The list, overdue ("losing touch") first, a page at a time."""
    if not kept:
        return (
            "You're not keeping anyone yet. When you log a reach-out that names someone, I'll "
            "offer to keep them; or add someone now: `/network-people add Sam every 3 weeks`."
        )
    ordered = sorted(kept, key=lambda p: (p.next_check_in, p.name.lower()))
    pages = (len(ordered) + rules.PAGE - 1) // rules.PAGE
    page = min(page, pages)
    lines = [f"Your people ({len(ordered)}), losing touch first:"]
    for person in ordered[(page - 1) * rules.PAGE : page * rules.PAGE]:
        if person.last_contact is None:
            last = "not in touch yet"
        elif person.last_contact >= today:
            last = "in touch today"
        else:
            last = f"last in touch {rules.since_words(person.last_contact, today)} ago"
        due = (
            "⏰ due now"
            if person.next_check_in <= today
            else f"next {person.next_check_in:%a %d %b}"
        )
        about = f" ({person.context})" if person.context else ""
        lines.append(
            f"• {shown(turn, person)}{about}: {last}, "
            f"{rules.cadence_words(person.cadence_days)}, {due}"
        )
    if pages > 1:
        lines.append(f"Page {page} of {pages}: `/network-people page {page % pages + 1}`.")
    lines.append(rules.LIST_HINT)
    return "\n".join(lines)


def shown(turn: Turn, person: Person | None) -> str:
    """How a person reads in a message: a mention for a platform user, else their name."""
    if person is None:
        return "them"
    if person.user_id:
        member = turn.member
        return turn.ctx.messenger.mention(
            MemberRef(member.platform, member.workspace, person.user_id)
        )
    return person.name


def _find(kept: Sequence[Person], name: str) -> Person | None:
    wanted = name.strip().lower()
    return next(
        (p for p in kept if p.name.lower() == wanted or (p.user_id or "").lower() == wanted),
        None,
    )


def _not_found(kept: Sequence[Person], name: str) -> str:
    close = difflib.get_close_matches(name, [p.name for p in kept], n=1, cutoff=0.6)
    hint = f" Did you mean {close[0]}?" if close else ""
    return (
        f"I don't have anyone called “{name[:40]}” in your people.{hint} "
        "`/network-people` shows the list."
    )


def _new(member: Member, named: Named, turn: Turn, cadence: int = rules.DEFAULT_CADENCE) -> Person:
    today = turn.today
    return Person(
        member_id=member.id,
        name=named.name[: rules.MAX_NAME],
        user_id=named.user_id,
        context=named.context,
        cadence_days=cadence,
        last_contact=None,
        next_check_in=today + timedelta(days=cadence),
        check_back_on=None,
        check_backs=0,
        created_at=turn.now,
    )


def in_touch(person: Person, day: date, check_back: bool = True) -> None:
    """A contact on ``day``: the timer starts again; a reach-out is checked back on later."""
    person.last_contact = day
    person.next_check_in = day + timedelta(days=person.cadence_days)
    if check_back:
        person.check_back_on, person.check_backs = day + timedelta(days=rules.CHECK_BACK_AFTER), 0


async def after_done(turn: Turn, target: Delivery) -> tuple[str | None, tuple[Button, ...]]:
    """What logging ``target`` done means for the member's people: a kept person named (or
    followed up) is in touch again; someone new named in the note is offered, once."""
    kept = await kept_people(turn.session, turn.member.id)
    if target.person_id is not None:
        person = next((p for p in kept if p.id == target.person_id), None)
        if person is not None:
            in_touch(person, target.local_date)
            return f"Noted: you were in touch with {shown(turn, person)}.", ()
    named = people_in(target.note or "")
    if not named:
        return None, ()
    fresh: list[Named] = []
    for someone in named:
        known = _find(kept, someone.user_id or someone.name)
        if known is not None:
            in_touch(known, target.local_date)
        else:
            fresh.append(someone)
    if not fresh or len(kept) >= rules.MAX_PEOPLE:
        return None, ()
    names = " and ".join(_named(turn, p) for p in fresh[:2])
    return (
        f"Keep {names} in your people? I'll remind you to stay in touch.",
        (
            Button("Keep", ActionId(Verb.KEEP, target.id), Style.PRIMARY),
            Button("No thanks", ActionId(Verb.NO_KEEP, target.id)),
        ),
    )


def _named(turn: Turn, person: Named) -> str:
    if person.user_id:
        member = turn.member
        return turn.ctx.messenger.mention(
            MemberRef(member.platform, member.workspace, person.user_id)
        )
    return person.name


async def keep(turn: Turn, target: Delivery, wanted: bool) -> Reply:
    """The answer to "Keep Sam in your people?"."""
    if not wanted:
        return Reply(
            "No problem: I won't keep them. You can add anyone later with `/network-people add`."
        )
    kept = await kept_people(turn.session, turn.member.id)
    added = []
    for named in people_in(target.note or "")[:2]:
        if _find(kept, named.user_id or named.name) is None and len(kept) < rules.MAX_PEOPLE:
            person = _new(turn.member, named, turn)
            in_touch(person, target.local_date)
            turn.session.add(person)
            kept.append(person)
            added.append(person)
    if not added:
        return Reply("They're in your people already. `/network-people` shows the list.")
    names = " and ".join(shown(turn, p) for p in added)
    return Reply(
        f"Kept {names}. I'll suggest a check-in {rules.cadence_words(rules.DEFAULT_CADENCE)} "
        "and ask in a few days whether they replied; `/network-people` shows your list."
    )


async def answer_check_back(turn: Turn, person_id: int, verb: Verb) -> Reply:
    """An answer to "Did Sam reply?". The nudge recorded the ask; the answer decides whether
    there is a next one: "Not yet" asks once more (``MAX_CHECK_BACKS`` in all), anything else
    ends the asking. A second click on the same "Not yet" changes nothing."""
    person = await turn.session.get(Person, person_id)
    if person is None or person.member_id != turn.member.id:
        return Reply("I can't find that person any more. `/network-people` shows your list.")
    name, today = shown(turn, person), turn.today
    asking_again = person.check_back_on is not None and person.check_back_on > today
    if verb is Verb.NO_REPLY_YET and (
        asking_again or person.check_backs + 1 < rules.MAX_CHECK_BACKS
    ):
        if not asking_again:
            person.check_backs += 1
            person.check_back_on = today + timedelta(days=rules.ASK_AGAIN_AFTER)
        return Reply(
            "No rush: replies take time. I'll ask once more in a few days, then let it be."
        )
    person.check_backs, person.check_back_on = rules.MAX_CHECK_BACKS, None
    if verb is Verb.REPLIED:
        return Reply(
            f"🎉 {name} replied: that's a real win, and it started with you reaching out. "
            "Want the team to see it? Type `win:` and what happened."
        )
    if verb is Verb.NO_REPLY:
        person.next_check_in = today + timedelta(days=rules.GENTLE_AFTER)
        return Reply(
            "Thanks for telling me. Silence is usually a full inbox, not a verdict on you. "
            f"I'll suggest one gentle follow-up with {name} in a couple of weeks, then leave it."
        )
    return Reply("Fair enough. I'll stop asking about this one.")


async def count_for(session: AsyncSession, member_id: int) -> int:
    found = await session.scalar(
        select(func.count()).select_from(Person).where(Person.member_id == member_id)
    )
    return int(found or 0)
