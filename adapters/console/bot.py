"""The console bot: lines typed by one member go to the same use cases as Slack and Discord.

It doubles as the in-memory test bot: push a line with :meth:`ConsoleBot.say`, read what the bot
wrote through the messenger's ``write`` function.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from adapters.console.messenger import ConsoleMessenger
from adapters.web import server
from bot import commands
from bot.commands import Origin
from bot.intros import rhythm as r
from bot.intros.rhythm import OptIn, OptInChange
from bot.member_status import MemberStatus
from bot.ports import MemberRef, TeamRef
from bot.services import (
    digests,
    dispatch,
    inbound,
    membership,
    reminders,
    roster,
    streak,
    texts,
)
from bot.services.context import Context
from bot.services.intros import choices as intro_choices
from bot.services.intros import rounds as intro_rounds
from bot.storage import queries as q
from bot.team_settings import TeamChange
from bot.views import Attachment, Reply

DEMO_ONLY_HELP = (
    "Demo only: `/tomorrow` jumps to your next nudge, `/digest` posts the team's weekly digest "
    "now, `/intros` runs an intro round now, `/dashboard` serves the team dashboard on this "
    "computer and gives you its sign-in link, `/quit` ends the demo. You are also the demo "
    "team's admin (`/network-admin`)."
)
#: The demo's team and its wins channel, shown in the terminal as `#wins>`.
TEAM = TeamRef("console", "demo")
WINS_CHANNEL = "wins"
#: Simulated teammates, opted in to intros, so a round and the digest have someone in them:
#: (user id, IANA zone). Their own DMs are not shown.
TEAMMATES = (("sam", "Europe/Lisbon"), ("priya", "Europe/Berlin"), ("lee", "America/New_York"))


class DemoClock:
    """A clock the demo moves forward by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class ConsoleBot:
    def __init__(
        self,
        ctx: Context,
        clock: DemoClock,
        write: Callable[[str], None],
        user: str = "you",
        files: Path | None = None,
    ) -> None:
        self.ctx, self.clock, self.write = ctx, clock, write
        self.ref = MemberRef("console", "", user)
        #: Where handed-over files go: ``--files``, or a new folder on the first file of a run.
        self.files = files
        #: The last instant the clock's move was shown at (so a move is said once).
        self.shown_at: datetime | None = None
        # The demo's member is its team's admin, and ``channel here`` means the wins channel.
        self.origin = Origin(self.ref, team=TEAM.team_id, channel=WINS_CHANNEL, is_admin=True)
        self.demo_commands: dict[str, Callable[[], Awaitable[Reply | None]]] = {
            "/tomorrow": self.tomorrow,
            "/digest": self.digest,
            "/dashboard": self.dashboard,
            "/intros": self.intros,
        }
        self.web: server.InThread | None = None

    async def start(self, zone: ZoneInfo | None = None, team: bool = True) -> None:
        """Join (as a member of the demo team, whose wins channel is set up first).

        A demo resumed on its ``--database`` finds the member already in, and greets them.
        """
        async with self.ctx.db.transaction() as session:
            member = await q.member_by_ref(session, self.ref)
        if member is not None and member.status == MemberStatus.ACTIVE.value:
            home = await streak.home(self.ctx, self.ref)
            line = texts.streak_line(home.summary) if home else ""
            await self.ctx.messenger.send_text(
                self.ref, f"Welcome back! {line}\n{texts.next_nudge(member)}"
            )
            await dispatch.deliver_due(self.ctx)  # today's, if it came while you were away
            return
        if team:
            channel = commands.AdminChange(TeamChange(channel=WINS_CHANNEL))
            await inbound.run(self.ctx, self.origin, channel)
            await self._teammates()
        await membership.join(self.ctx, self.ref, zone, team=TEAM.team_id if team else None)

    async def say(self, line: str) -> bool:
        """Handle one typed line; False when the member asked to quit."""
        text = line.strip()
        if not text:
            return True
        if text in ("/quit", "/exit"):
            return False
        # A question's answers hold for the next line only: anything else moves on from it.
        choice = self._choices().get(" ".join(text.lower().split()))
        self._choices().clear()
        if choice is not None:
            reply = await inbound.click(self.ctx, self.origin, choice)
        elif text.startswith("/"):
            name, _, args = text.partition(" ")
            reply = await self._command(name.lower(), args)
        else:
            reply = await inbound.reply(self.ctx, self.origin, text)
        if reply is not None and reply.text:
            await self.ctx.messenger.send_text(self.ref, reply.text, reply.buttons)
        for attachment in reply.files if reply is not None else ():
            self.write(f"📎 {self.save(attachment)}")
        return True

    def _choices(self) -> dict[str, str]:
        """The words that answer the latest question (the console messenger keeps them)."""
        messenger = self.ctx.messenger
        return messenger.choices if isinstance(messenger, ConsoleMessenger) else {}

    def save(self, attachment: Attachment) -> Path:
        """A file the bot hands over (streak picture, export) lands in the demo's files folder."""
        if self.files is None:
            self.files = Path(tempfile.mkdtemp(prefix="nudgebot-demo-files-"))
        self.files.mkdir(parents=True, exist_ok=True)
        path = self.files / Path(attachment.filename).name
        path.write_bytes(attachment.content)
        return path

    async def _command(self, name: str, args: str) -> Reply | None:
        spec = commands.spec_of(name)
        if spec is not None:
            return await inbound.run(self.ctx, self.origin, commands.parse(spec, args, self.origin))
        if name in self.demo_commands:
            return await self.demo_commands[name]()
        if name == "/help":
            return Reply(f"{texts.help_text(self.today())}\n{DEMO_ONLY_HELP}")
        return Reply(f"I don't know `{name}`.\n{texts.help_text(self.today())}\n{DEMO_ONLY_HELP}")

    def today(self) -> date:
        return self.clock.now.date()

    async def digest(self) -> Reply | None:
        """Post the demo team's weekly digest now, as its scheduled job would."""
        if await digests.post_digest(self.ctx, TEAM.key) is None:
            return Reply("No digest: nothing happened in the team this week (or it went out).")
        return None

    async def dashboard(self) -> Reply | None:
        """Serve the dashboard on a free local port (once) and hand the admin a sign-in link."""
        if self.web is None:
            # In a thread of its own: the demo's loop stands still while it waits for a line.
            self.web = await asyncio.to_thread(
                server.start_in_thread, self.ctx.db.url, "127.0.0.1", 0, self.clock
            )
        link = await server.login_link(self.web, self.ctx.db, TEAM.key, self.clock)
        return Reply(
            f"The demo team's dashboard is running at {self.web.base_url}. Open this link in "
            f"your browser to sign in (it works once, within ten minutes):\n{link}\n"
            "A team of one shows “fewer than 5” for its figures: the dashboard hides anything "
            "that could point at a single person."
        )

    async def _teammates(self) -> None:
        """Enrol the simulated teammates (quietly) and opt them in to intros."""
        refs = [MemberRef("console", "", user) for user, _ in TEAMMATES]
        if isinstance(self.ctx.messenger, ConsoleMessenger):
            self.ctx.messenger.quiet.update(user for user, _ in TEAMMATES)
        entries = [
            roster.Enrolment(ref, TEAM.team_id, zone)
            for ref, (_, zone) in zip(refs, TEAMMATES, strict=True)
        ]
        await roster.enrol(self.ctx, entries)
        for ref in refs:
            await intro_choices.opt_in(self.ctx, ref, OptInChange(OptIn.ON))

    async def intros(self) -> Reply | None:
        """Run the demo team's intro round now (admins turn intros on first)."""
        return await intro_rounds.run_for(self.ctx, TEAM)

    async def close(self) -> None:
        """Stop the dashboard, if the demo started it."""
        if self.web is not None:
            await asyncio.to_thread(self.web.stop)
            self.web = None

    async def tomorrow(self) -> Reply | None:
        """Move the demo clock to the member's next nudge and deliver whatever is due then."""
        async with self.ctx.db.transaction() as session:
            member = await q.member_by_ref(session, self.ref)
            due = member.next_due_at if member else None
            zone = ZoneInfo(member.zone) if member else None
        if due is None or zone is None:
            return Reply("Nothing is scheduled. Check `/network-settings` or `/network-resume`.")
        reminder = await reminders.pending_for(self.ctx, self.ref)
        if reminder is not None and self.clock.now <= reminder < due:  # promised for today
            self._move_clock(reminder, zone)
            await reminders.send_due(self.ctx)
        await self._intro_steps_before(due, zone)
        self._move_clock(due, zone)
        await dispatch.deliver_due(self.ctx)
        return None

    async def _intro_steps_before(self, until: datetime, zone: ZoneInfo) -> None:
        """Run the intro rounds at each of their step times up to ``until``, as the scheduler's
        ``intro-rounds`` job would have: a jump to the next nudge would skip a weekly round's
        heads-up, pairing, intro and check-back. The clock's move is shown only when a step
        says something."""
        messenger = self.ctx.messenger
        if not isinstance(messenger, ConsoleMessenger):
            return
        steps = (r.INTRODUCE_AT, r.HEADS_UP_AT, r.CHECK_BACK_AT, r.PAIR_AT)
        day = self.clock.now.astimezone(zone).date()
        while datetime.combine(day, time(0), zone) <= until:
            for at in steps:
                instant = datetime.combine(day, at, zone)
                if self.clock.now < instant <= until:
                    self.clock.now = instant
                    messenger.show_before_next(self._clock_line(instant, zone))
                    await intro_rounds.tick(self.ctx)
                    if messenger.drop_before_next():
                        self.shown_at = instant
            day += timedelta(days=1)

    def _clock_line(self, at: datetime, zone: ZoneInfo) -> str:
        return f"… the clock moves to {at.astimezone(zone):%a %d %b, %H:%M} …"

    def _move_clock(self, to: datetime, zone: ZoneInfo) -> None:
        self.clock.now = max(self.clock.now, to)
        if self.shown_at != self.clock.now:  # not said already, by an intro step at that time
            self.write(self._clock_line(self.clock.now, zone))
            self.shown_at = self.clock.now
