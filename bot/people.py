"""My people: reading ``/network-people`` and the words about the people a member keeps.

``/network-people`` lists them, overdue first; ``add Sam every 3 weeks``, ``add <@U123> monthly``,
``remove Sam``, ``Sam every 2 months`` (a new cadence), ``talked to Sam`` (a contact outside a
challenge: the timer starts again), ``page 2``. Pure: parsing never raises, and what a member
typed wrongly comes back as an :class:`Invalid` that says what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from bot.actions import ActionId, Verb
from bot.preferences import Invalid
from bot.views import Button, Style

DEFAULT_CADENCE = 21
MIN_CADENCE, MAX_CADENCE = 7, 365
MAX_PEOPLE = 200
PAGE = 10
MAX_NAME = 80
#: At most this many personal follow-ups in a member's week, blended with the catalog's.
PER_WEEK = 2
#: A reach-out to a kept person is checked back on this many days later ("Did Sam reply?").
CHECK_BACK_AFTER = 3
#: "Not yet" asks once more this many days later; then never again for that contact.
ASK_AGAIN_AFTER = 4
MAX_CHECK_BACKS = 2
#: A check-back not asked within this many days of its date (a pause, days off) is let go:
#: "Did Sam reply?" three weeks on reads as pestering, not interest.
CHECK_BACK_WINDOW = 10
#: After a "no", one gentle follow-up this many days later.
GENTLE_AFTER = 14
#: A follow-up offered and not done comes back this many days later.
RETRY_AFTER = 7
#: The catalog id of every personal follow-up delivery (its words are the delivery's own).
PERSONAL_ID = "keep-in-touch"

USAGE = (
    "Type `/network-people` for your list, `/network-people add Sam every 3 weeks`, "
    "`/network-people add @someone monthly`, `/network-people remove Sam`, "
    "`/network-people Sam every 2 months`, or `/network-people talked to Sam`."
)


#: Under the list: the forms, briefly.
LIST_HINT = (
    "Change it with `/network-people add Sam every 3 weeks`, `remove Sam`, `Sam monthly` or "
    "`talked to Sam`."
)


@dataclass(frozen=True)
class ListPeople:
    page: int = 1


@dataclass(frozen=True)
class AddPerson:
    name: str
    user_id: str | None = None
    cadence_days: int = DEFAULT_CADENCE


@dataclass(frozen=True)
class RemovePerson:
    name: str


@dataclass(frozen=True)
class SetCadence:
    name: str
    cadence_days: int


@dataclass(frozen=True)
class TalkedTo:
    name: str


PeopleAction = ListPeople | AddPerson | RemovePerson | SetCadence | TalkedTo

_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}
_WORDS = {"weekly": 7, "fortnightly": 14, "biweekly": 14, "monthly": 30, "quarterly": 91}
_CADENCE = re.compile(
    r"\b(?:every\s+(?:(?P<n>\d+|one|two|three|four|six)\s+)?(?P<unit>days?|weeks?|months?)"
    r"|(?P<word>weekly|fortnightly|biweekly|monthly|quarterly))\s*$",
    re.IGNORECASE,
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "six": 6}
_MENTION = re.compile(r"^<@!?([A-Z0-9]+|\d+)(?:\|[^>]*)?>$")  # <@!id>: older Discord


def parse_people(text: str) -> PeopleAction | Invalid:
    words = " ".join(text.split())
    lowered = words.lower()
    if not words or lowered in ("list", "show"):
        return ListPeople()
    if page := re.fullmatch(r"(?:page\s+)?(\d{1,3})", lowered):
        return ListPeople(max(1, int(page[1])))
    if lowered.startswith("add "):
        rest, cadence = _split_cadence(words[4:])
        if isinstance(cadence, Invalid):
            return cadence
        every = cadence or DEFAULT_CADENCE
        return _person(rest, lambda name, uid: AddPerson(name, uid, every))
    if lowered.startswith(("remove ", "delete ", "forget ")):
        name = words.split(" ", 1)[1]
        return _person(name, lambda name, uid: RemovePerson(uid or name))
    for lead in ("talked to ", "talked with ", "spoke to ", "spoke with ", "met ", "saw "):
        if lowered.startswith(lead):
            return _person(words[len(lead) :], lambda name, uid: TalkedTo(uid or name))
    rest, cadence = _split_cadence(words)
    if isinstance(cadence, Invalid):
        return cadence
    if cadence is not None:
        new = cadence
        return _person(rest, lambda name, uid: SetCadence(uid or name, new))
    return Invalid(f"I didn't understand “{words[:60]}”. {USAGE}")


def _split_cadence(text: str) -> tuple[str, int | Invalid | None]:
    found = _CADENCE.search(text)
    if found is None:
        return text.strip(), None
    if found["word"]:
        days = _WORDS[found["word"].lower()]
    else:
        raw = (found["n"] or "1").lower()
        # Any number is read, so a huge one gets the range's answer rather than becoming part
        # of the name; past six digits it is out of range whatever the unit.
        count = _NUMBERS.get(raw) or (int(raw) if len(raw) <= 6 else MAX_CADENCE + 1)
        days = count * _UNITS[found["unit"].lower()]
    if not MIN_CADENCE <= days <= MAX_CADENCE:
        return text, Invalid(
            "Keep in touch somewhere between every week and once a year, for example "
            "`every 3 weeks`, `monthly` or `every 2 months`."
        )
    return text[: found.start()].strip(), days


def _person(text: str, make: Callable[[str, str | None], PeopleAction]) -> PeopleAction | Invalid:
    """``make(name, user id)`` for the person named in ``text`` (a name or a mention)."""
    name = text.strip().strip("\"'“”")
    mention = _MENTION.match(name)
    if not name:
        return Invalid(f"Who? {USAGE}")
    if len(name) > MAX_NAME:
        return Invalid(f"That name is longer than {MAX_NAME} characters; a first name will do.")
    return make(mention[1] if mention else name, mention[1] if mention else None)


def cadence_words(days: int) -> str:
    """``21`` -> ``every 3 weeks``; ``30`` -> ``every month``."""
    if days % 30 == 0:
        months = days // 30
        return "every month" if months == 1 else f"every {months} months"
    if days % 7 == 0:
        weeks = days // 7
        return "every week" if weeks == 1 else f"every {weeks} weeks"
    return f"every {days} days"


def since_words(last: date | None, today: date) -> str:
    """``three weeks`` for the time since the last contact, for a follow-up's text."""
    if last is None:
        return "a while"
    days = (today - last).days
    if days <= 0:
        return "no time"
    if days < 14:
        return f"{days} days" if days != 1 else "a day"
    if days < 60:
        weeks = round(days / 7)
        return {2: "two weeks", 3: "three weeks", 4: "four weeks"}.get(weeks, f"{weeks} weeks")
    months = round(days / 30)
    return f"{months} months"


def resting(offered: Iterable[tuple[date, int | None]], today: date) -> set[int]:
    """The people a follow-up offered them in the ``RETRY_AFTER`` days before ``today``, from a
    member's recent (day, person) deliveries: an offer not taken up comes back ``RETRY_AFTER``
    days later. Derived from the deliveries, so offering one writes nothing to the person (one
    taken up has moved its next check-in by its cadence anyway)."""
    since = today - timedelta(days=RETRY_AFTER)
    return {person for day, person in offered if person is not None and since < day < today}


def check_back_due(
    person_id: int, check_back_on: date, asked: Iterable[tuple[date, int | None]], today: date
) -> bool:
    """Whether today's nudge asks "Did they reply?": from the check-back date, within
    ``CHECK_BACK_WINDOW`` days of it, and only if no nudge since that date asked already.

    ``asked`` is the member's recent (day, person asked about) deliveries. The window is what
    keeps those enough: a claim reads a member's latest settled nudges from the rules state
    and every day after it (:mod:`bot.rules_state`), which always reach further back.
    """
    if not check_back_on <= today < check_back_on + timedelta(days=CHECK_BACK_WINDOW):
        return False
    return not any(person == person_id and day >= check_back_on for day, person in asked)


def follow_up_text(shown: str, context: str | None, last: date | None, today: date) -> str:
    """The day's personal challenge: who, how long it has been, and how small it can be."""
    who = f"{shown} ({context})" if context else shown
    return (
        f"It's been {since_words(last, today)} since you were in touch with {who}. "
        "A two-line check-in? Ask how something they mentioned turned out, or share a link "
        "they'd like."
    )


def follow_up_starter(shown: str) -> str:
    return f"Hi {shown}, you came to mind today. How did things go with what you were working on?"


def check_back_question(turn_shown: str, person_id: int) -> tuple[str, tuple[Button, ...]]:
    """ "Did Sam reply?" with its three answers (the id is the person's)."""
    return (
        f"Did {turn_shown} reply?",
        (
            Button("Yes", ActionId(Verb.REPLIED, person_id), Style.PRIMARY),
            Button("Not yet", ActionId(Verb.NO_REPLY_YET, person_id)),
            Button("No", ActionId(Verb.NO_REPLY, person_id)),
        ),
    )
