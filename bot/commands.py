"""The commands people give, one dataclass each, and the registry that names and reads them.

Every front end builds these and nothing else: text front ends (Slack's slash-command text, the
terminal) through :func:`parse`, Discord from its typed options with the same field readers
(:func:`bot.preferences.settings_change`, :func:`bot.team_settings.team_change`). Nobody turns
options back into text for the core to read again. The core runs a command through one entry
point, :func:`bot.services.inbound.run`, which finds its handler by the command's type.

Adding a command: a dataclass here, a :class:`Spec` in :data:`REGISTRY`, a handler in
``bot.services.inbound.HANDLERS``; then at most one small translation per adapter (see
CONTRIBUTING.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.intros.rhythm import (
    ADMIN_INTROS_USAGE,
    MEMBER_USAGE,
    OptInChange,
    Rhythm,
    parse_opt_in,
    parse_rhythm,
)
from bot.people import USAGE as PEOPLE_USAGE
from bot.people import PeopleAction, parse_people
from bot.ports import MemberRef
from bot.preferences import SETTINGS_USAGE, Invalid, SettingsChange, parse_settings
from bot.team_settings import ADMIN_USAGE, TeamChange, parse_team_settings


class InputStyle(StrEnum):
    """How a front end takes a command's arguments, so usage lines speak its language."""

    #: Words after the command name: ``/network-admin digest fri 16:30`` (Slack, the terminal).
    TEXT = "text"
    #: Named options filled in a form: ``digest_day: Friday`` (Discord).
    OPTIONS = "options"


@dataclass(frozen=True)
class Origin:
    """Who gave a command or a reply, from where, and how their front end takes arguments."""

    member: MemberRef
    #: The platform's id for this inbound event, so a retried delivery is handled once.
    event_id: str | None = None
    #: The team (Slack workspace, Discord guild) it was typed in; None in a DM outside any team.
    team: str | None = None
    #: The channel it was typed in, which ``channel here`` means; None in a DM.
    channel: str | None = None
    #: The platform's word on team admin rights (Slack admin or owner, Discord Manage Server).
    is_admin: bool = False
    style: InputStyle = InputStyle.TEXT


@dataclass(frozen=True)
class Join:
    #: The zone the platform knows for the member (a Slack profile); None to use the team's.
    zone: ZoneInfo | None = None


@dataclass(frozen=True)
class Tip:
    topic: str = ""


@dataclass(frozen=True)
class Streak:
    pass


@dataclass(frozen=True)
class ChangeSettings:
    """An empty change shows the settings."""

    change: SettingsChange = field(default_factory=SettingsChange)


@dataclass(frozen=True)
class AdminChange:
    """An empty change shows the team's settings."""

    change: TeamChange = field(default_factory=TeamChange)


@dataclass(frozen=True)
class DashboardLink:
    """``/network-admin dashboard``: a one-time link to the team's dashboard, by DM."""


@dataclass(frozen=True)
class IntrosRhythm:
    """``/network-admin intros weekly mon``: a team's intro rounds; None turns them off."""

    rhythm: Rhythm | None = None
    #: ``/network-admin intros`` alone: show the rhythm, change nothing.
    show_only: bool = False


@dataclass(frozen=True)
class Intros:
    """``/network-intros on|off|pause 2 weeks``; an empty change shows the member's choice."""

    change: OptInChange = field(default_factory=OptInChange)


@dataclass(frozen=True)
class RunIntros:
    """The demo's ``/intros``: a round for the team, now."""


@dataclass(frozen=True)
class Pause:
    #: ``3 days``, ``2 weeks``, ``until friday``: read against the member's own today.
    duration: str


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class Win:
    text: str


@dataclass(frozen=True)
class Link:
    #: Empty for a new code; a code from the other account; ``here`` to move the nudges here.
    code: str = ""


@dataclass(frozen=True)
class Export:
    pass


@dataclass(frozen=True)
class Forget:
    #: False asks first (with a button); True deletes at once.
    confirmed: bool = False


@dataclass(frozen=True)
class People:
    action: PeopleAction


Command = (
    Join
    | Tip
    | Streak
    | ChangeSettings
    | AdminChange
    | DashboardLink
    | Pause
    | Resume
    | Win
    | Link
    | Export
    | Forget
    | People
    | IntrosRhythm
    | Intros
    | RunIntros
)
#: Reads a command's text (what follows its name) for the member at ``Origin``.
Parser = Callable[[str, Origin], "Command | Mistyped"]


@dataclass(frozen=True)
class Mistyped:
    """A command whose arguments could not be read; ``message`` says what to type instead."""

    name: str
    message: str


def people_command(action: PeopleAction | Invalid) -> People | Mistyped:
    """``/network-people`` from its text (every front end types it the same way)."""
    if isinstance(action, Invalid):
        return Mistyped("network-people", action.message)
    return People(action)


#: What confirms ``/network-forget`` when typed after it.
FORGET_WORDS = frozenset({"yes", "confirm", "delete"})
SETTINGS_OPTIONS = (
    "Fill in the options you want to change: `zone` (e.g. Europe/Berlin), `time` (e.g. 08:30), "
    "`days` (e.g. mon-fri), `focus` (e.g. fear mentor) and `share`."
)
ADMIN_OPTIONS = (
    "Fill in the options you want to change: `channel` (where shared wins and the digest go; "
    "`stop_sharing` stops posting), "
    "`digest_day` and `digest_time` (e.g. Friday, 16:30; `Off` stops the digest), `zone` "
    "(e.g. Europe/Berlin) and `leaderboard`; `intros` (Weekly, Every 2 weeks or Off) with "
    "`intros_day` for intro rounds. With no options you see the current settings."
)


@dataclass(frozen=True)
class Spec:
    """One command as every front end knows it."""

    #: The name on every platform, without the slash: ``network-tip``.
    name: str
    #: What it does, in a line (Discord's description, help).
    summary: str
    #: How it reads in help: ``/network-tip [topic]``.
    synopsis: str
    parse: Parser
    #: What to type to use it, by front-end style; '' when the synopsis says it all.
    usage: dict[InputStyle, str]
    #: Only team admins may use it; others hear that before any mistake in what they typed.
    admin_only: bool = False

    def usage_for(self, style: InputStyle) -> str:
        return self.usage.get(style) or self.usage.get(InputStyle.TEXT, "")


def change_settings(change: SettingsChange | Invalid) -> ChangeSettings | Mistyped:
    """``/network-settings`` from a change read off text or options."""
    if isinstance(change, Invalid):
        return Mistyped("network-settings", change.message)
    return ChangeSettings(change)


def admin_command(
    text: str, origin: Origin
) -> AdminChange | DashboardLink | IntrosRhythm | Mistyped:
    """``/network-admin dashboard`` asks for the dashboard, ``intros …`` sets the intro rounds;
    any other words change settings."""
    if text.strip().lower() == "dashboard":
        return DashboardLink()
    first, _, rest = text.strip().partition(" ")
    if first.lower() == "intros":
        return intros_rhythm(rest)
    return admin_change(parse_team_settings(text, here=origin.channel))


def intros_rhythm(text: str) -> IntrosRhythm | Mistyped:
    """``/network-admin intros`` from its words (Discord builds the same words from options)."""
    if not text.strip():
        return IntrosRhythm(show_only=True)
    rhythm = parse_rhythm(text)
    if isinstance(rhythm, Invalid):
        return Mistyped("network-admin", rhythm.message)
    return IntrosRhythm(rhythm)


def intros_command(text: str) -> Intros | Mistyped:
    """``/network-intros`` from its text (every front end types it the same way)."""
    change = parse_opt_in(text)
    if isinstance(change, Invalid):
        return Mistyped("network-intros", change.message)
    return Intros(change)


def admin_change(change: TeamChange | Invalid) -> AdminChange | Mistyped:
    """``/network-admin`` from a change read off text or options."""
    if isinstance(change, Invalid):
        return Mistyped("network-admin", change.message)
    return AdminChange(change)


_SPECS = (
    Spec(
        "network-tip",
        "A piece of networking advice, just for you.",
        "/network-tip [topic]",
        lambda text, _: Tip(text.strip()),
        {},
    ),
    Spec(
        "network-streak",
        "Your current and longest streak, freezes, and this week at a glance.",
        "/network-streak",
        lambda _text, _: Streak(),
        {},
    ),
    Spec(
        "network-settings",
        "See your settings, or change the ones you fill in.",
        "/network-settings",
        lambda text, _: change_settings(parse_settings(text)),
        {InputStyle.TEXT: SETTINGS_USAGE, InputStyle.OPTIONS: SETTINGS_OPTIONS},
    ),
    Spec(
        "network-pause",
        "Take a break from nudges; your streak is safe.",
        "/network-pause",
        lambda text, _: Pause(text),
        {},
    ),
    Spec(
        "network-resume", "Come back from a pause.", "/network-resume", lambda _t, _: Resume(), {}
    ),
    Spec(
        "network-win", "Save a win.", "/network-win <text>", lambda text, _: Win(text.strip()), {}
    ),
    Spec(
        "network-join",
        "Start getting one small networking challenge a day by DM.",
        "/network-join",
        lambda _text, _: Join(),
        {},
    ),
    Spec(
        "network-people",
        "The people you keep in touch with: who's due, add, remove, how often.",
        "/network-people",
        lambda text, _: people_command(parse_people(text)),
        {InputStyle.TEXT: PEOPLE_USAGE},
    ),
    Spec(
        "network-intros",
        "Be paired now and then with a teammate for a short chat: on, off, pause.",
        "/network-intros on|off|pause 2 weeks",
        lambda text, _: intros_command(text),
        {InputStyle.TEXT: MEMBER_USAGE},
    ),
    Spec(
        "network-link",
        "Join your Slack and Discord accounts into one streak.",
        "/network-link",
        lambda text, _: Link(text.strip()),
        {},
    ),
    Spec(
        "network-export",
        "Download everything the bot keeps about you, as a JSON file.",
        "/network-export",
        lambda _text, _: Export(),
        {},
    ),
    Spec(
        "network-forget",
        "Delete everything the bot keeps about you.",
        "/network-forget",
        lambda text, _: Forget(text.strip().lower() in FORGET_WORDS),
        {},
    ),
    Spec(
        "network-admin",
        "Team settings: wins channel, weekly digest and intros (admins only).",
        "/network-admin",
        admin_command,
        {
            InputStyle.TEXT: f"{ADMIN_USAGE} Intros: {ADMIN_INTROS_USAGE}",
            InputStyle.OPTIONS: ADMIN_OPTIONS,
        },
        admin_only=True,
    ),
)
#: Every command by name, in the order help lists them.
REGISTRY: dict[str, Spec] = {spec.name: spec for spec in _SPECS}


def spec_of(name: str) -> Spec | None:
    """The command called ``name`` (``/network-tip`` or ``network-tip``, any case), if any."""
    return REGISTRY.get(name.strip().lower().removeprefix("/"))


#: Control characters a person can type but no database or platform wants back (PostgreSQL
#: refuses NUL in text); line breaks and tabs stay.
_CONTROLS = dict.fromkeys(c for c in range(32) if chr(c) not in "\n\t")


def clean(text: str) -> str:
    """Typed text as it may enter the core: without NUL and the other control characters."""
    return text.translate(_CONTROLS)


def parse(spec: Spec, text: str, origin: Origin) -> Command | Mistyped:
    """A text front end's command: what follows the name, read by the command's own parser."""
    return spec.parse(clean(text), origin)


def read(line: str, origin: Origin) -> Command | Mistyped | None:
    """A whole command line as a text front end gets it (``/network-settings time 8:30``);
    None when it names no command."""
    name, _, text = line.strip().partition(" ")
    spec = spec_of(name) if name.startswith("/") else None
    return None if spec is None else parse(spec, text, origin)


def usage(name: str, style: InputStyle) -> str:
    return REGISTRY[name].usage_for(style)


def help_line() -> str:
    """The commands as help lists them; admin-only ones last."""
    members = ", ".join(f"`{s.synopsis}`" for s in _SPECS if not s.admin_only)
    admins = ", ".join(f"`{s.synopsis}`" for s in _SPECS if s.admin_only)
    return f"Commands: {members}; team admins: {admins}."
