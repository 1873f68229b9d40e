"""The one way in for everything a person does: commands, typed replies, clicks, reactions.

Adapters translate their platform's payloads into a :class:`~bot.commands.Command` (or the text
typed, an action id, a message reference) plus an :class:`~bot.commands.Origin`, and hand them
here. Whatever the platform, this module

- drops an event the platform delivered before (a retry), before doing anything else;
- brings back a member who was parked because the platform refused their messages: they have
  reached us, so their nudges are back on, and they are told so;
- turns a refused DM into the member's answer: parked, with the platform's own explanation;
- logs anything unexpected once, with its traceback, and says sorry instead of going silent;
- lets a database outage through, so the inbox that holds the event tries it again later.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from bot import commands as c
from bot.commands import Command, Mistyped, Origin
from bot.ports import RecipientUnreachable, TeamRef, TemporaryDeliveryError, Unreachable
from bot.services import (
    dashboard_access,
    links,
    logbook,
    membership,
    people,
    privacy,
    settings,
    streak,
    team_admin,
    texts,
    tips,
    wins,
)
from bot.services.context import Context
from bot.services.intros import choices, rounds
from bot.storage import queries as q
from bot.storage.database import is_outage
from bot.views import Reply

log = logging.getLogger(__name__)

Handler = Callable[[Context, Origin, Any], Awaitable[Reply | None]]


async def _admin(ctx: Context, origin: Origin, command: c.AdminChange) -> Reply | None:
    team = TeamRef(origin.member.platform, origin.team or "")
    usage = c.usage("network-admin", origin.style)
    return await team_admin.admin(
        ctx, team, origin.is_admin, command.change, usage, event_id=origin.event_id
    )


async def _settings(ctx: Context, origin: Origin, command: c.ChangeSettings) -> Reply | None:
    usage = c.usage("network-settings", origin.style)
    return await settings.settings(ctx, origin.member, command.change, usage, origin.event_id)


#: Each command's use case, by the command's type.
HANDLERS: dict[type[Command], Handler] = {
    c.Join: lambda ctx, o, cmd: membership.join(ctx, o.member, cmd.zone, team=o.team),
    c.Tip: lambda ctx, o, cmd: tips.tip(ctx, o.member, cmd.topic),
    c.Streak: lambda ctx, o, _: streak.streak(ctx, o.member, o.event_id),
    c.ChangeSettings: _settings,
    c.AdminChange: _admin,
    c.DashboardLink: lambda ctx, o, _: dashboard_access.admin_link(
        ctx, o.member, TeamRef(o.member.platform, o.team or ""), o.is_admin, o.event_id
    ),
    c.Pause: lambda ctx, o, cmd: settings.pause(ctx, o.member, cmd.duration, o.event_id),
    c.Resume: lambda ctx, o, _: settings.resume(ctx, o.member, o.event_id),
    c.Win: lambda ctx, o, cmd: wins.win(ctx, o.member, cmd.text, o.event_id),
    c.Link: lambda ctx, o, cmd: links.link(
        ctx, o.member, cmd.code, team=o.team, event_id=o.event_id
    ),
    c.Export: lambda ctx, o, _: privacy.export(ctx, o.member, o.event_id),
    c.Forget: lambda ctx, o, cmd: privacy.forget(ctx, o.member, cmd.confirmed, o.event_id),
    c.People: lambda ctx, o, cmd: people.people(ctx, o.member, cmd.action, o.event_id),
    c.IntrosRhythm: lambda ctx, o, cmd: choices.set_rhythm(
        ctx,
        TeamRef(o.member.platform, o.team or ""),
        o.is_admin,
        cmd.rhythm,
        cmd.show_only,
        o.event_id,
    ),
    c.Intros: lambda ctx, o, cmd: choices.opt_in(ctx, o.member, cmd.change, o.event_id),
    c.RunIntros: lambda ctx, o, _: rounds.run_for(ctx, TeamRef(o.member.platform, o.team or "")),
}


async def run(ctx: Context, origin: Origin, command: Command | Mistyped) -> Reply | None:
    """A command, from any front end. None when there is nothing to say (a retried event)."""
    if isinstance(command, Mistyped):
        spec = c.REGISTRY[command.name]
        # Someone without the right hears that, not what they mistyped.
        refused = spec.admin_only and not origin.is_admin
        return Reply(team_admin.NOT_ADMIN if refused else command.message)
    handler = HANDLERS[type(command)]
    # Joining tries the DM itself, and parks again if it is still refused.
    rejoin = not isinstance(command, c.Join)
    what = f"command {type(command).__name__}"
    return await _through(ctx, origin, what, lambda: handler(ctx, origin, command), rejoin=rejoin)


async def reply(ctx: Context, origin: Origin, text: str) -> Reply | None:
    """Something the member typed in the bot's DM."""
    return await _through(
        ctx,
        origin,
        "a reply",
        lambda: logbook.handle_text(ctx, origin.member, c.clean(text), origin.event_id),
    )


async def click(ctx: Context, origin: Origin, action_id: str) -> Reply | None:
    """A button: its action id (``nudge:v1:<verb>:<id>``) says what and on which nudge."""
    return await _through(
        ctx,
        origin,
        f"button {action_id[:60]!r}",
        lambda: logbook.press(ctx, origin.member, action_id, origin.event_id),
    )


async def react(ctx: Context, origin: Origin, message_ref: str) -> Reply | None:
    """A ✅ or 👍 on a platform message; only a member's own nudge counts."""
    return await _through(
        ctx,
        origin,
        "a reaction",
        lambda: logbook.react(ctx, origin.member, message_ref, origin.event_id),
    )


async def _through(
    ctx: Context,
    origin: Origin,
    what: str,
    act: Callable[[], Awaitable[Reply | None]],
    rejoin: bool = True,
) -> Reply | None:
    if await _seen_before(ctx, origin.event_id):
        return None
    note = await _welcome_back(ctx, origin) if rejoin else None
    try:
        answer = await act()
    except RecipientUnreachable as refused:
        await membership.park(ctx, origin.member, refused.reason)
        log.info("parked %s: %s", origin.member.key, refused.reason)
        answer = Reply(_refused(ctx, refused.kind))
    except TemporaryDeliveryError as failed:
        log.warning("a message to %s failed for now: %s", origin.member.key, failed.reason)
        answer = Reply(texts.NOT_DELIVERED)
    except Exception as error:
        if is_outage(error):
            raise  # the database is away: the inbox tries the work again, no apology
        log.exception("%s from %s failed", what, origin.member.key)
        answer = Reply(texts.SORRY)
    if answer is not None and answer.problem == Unreachable.DMS_CLOSED:
        answer = replace(answer, text=_refused(ctx, Unreachable.DMS_CLOSED), problem=None)
    if note is None:
        return answer
    if answer is None:
        return Reply(note)
    return replace(answer, text="\n\n".join(filter(None, [note, answer.text])))


async def _seen_before(ctx: Context, event_id: str | None) -> bool:
    if event_id is None:
        return False
    async with ctx.db.transaction() as session:
        return await q.seen_before(session, event_id)


async def _welcome_back(ctx: Context, origin: Origin) -> str | None:
    """A member parked because the platform refused them has reached us: back on, say so."""
    reason = await membership.unpark(ctx, origin.member)
    if reason is None:
        return None
    kind = RecipientUnreachable(reason).kind
    return texts.back_on(ctx.messenger.explain(kind))


def _refused(ctx: Context, kind: Unreachable) -> str:
    if kind is Unreachable.DMS_CLOSED:
        return texts.dms_refused(ctx.messenger.explain(kind))
    return texts.UNREACHABLE
