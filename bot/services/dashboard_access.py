"""Who may read the dashboard: one-time login links that open sessions, kept as hashes.

- A login link is single use and expires (the operator's when the server stops being useful,
  an admin's DM link after ten minutes); only its SHA-256 is stored, so a database dump opens
  nothing.
- Following a link shows a sign-in button; only pressing it (a POST) redeems the link, so a chat
  app's link preview fetching the address does not use it up.
- Redeeming a link opens a session of 12 hours for the link's scope: one team, or every team
  (``team`` None, the operator). The cookie holds the session's secret; the database its hash.
- Every session has a CSRF token that each form posts back.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete

from bot.ports import DeliveryError, MemberRef, TeamRef
from bot.services import team_admin
from bot.services.context import Context
from bot.storage import queries as q
from bot.storage.database import Database
from bot.storage.tables import DashboardLogin, DashboardSession
from bot.views import Reply

log = logging.getLogger(__name__)

SESSION_LENGTH = timedelta(hours=12)
#: How long the link ``/network-admin dashboard`` sends an admin stays valid.
ADMIN_LINK_LENGTH = timedelta(minutes=10)
#: How long the link ``nudgebot dashboard`` prints stays valid.
OPERATOR_LINK_LENGTH = timedelta(hours=12)


@dataclass(frozen=True)
class Session:
    #: The team key (``platform:team_id``) this session may read; None: every team.
    team: str | None
    csrf: str
    expires_at: datetime

    def may_read(self, team_key: str) -> bool:
        return self.team is None or self.team == team_key


@dataclass(frozen=True)
class Opened:
    """A session just opened: the secret for the cookie, and what it allows."""

    secret: str
    session: Session


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def issue_login(db: Database, team: str | None, now: datetime, valid_for: timedelta) -> str:
    """A new one-time login token for ``team`` (None: every team). Only its hash is kept."""
    token = secrets.token_urlsafe(32)
    async with db.transaction() as session:
        await session.execute(delete(DashboardLogin).where(DashboardLogin.expires_at <= now))
        session.add(DashboardLogin(digest=_digest(token), team=team, expires_at=now + valid_for))
    return token


async def redeem(db: Database, token: str, now: datetime) -> Opened | None:
    """Open a session with a login token, which is used up whether or not it had expired.

    None when the token is unknown, already used or expired.
    """
    async with db.transaction() as session:
        login = await session.get(DashboardLogin, _digest(token))
        if login is None:
            return None
        await session.delete(login)
        if login.expires_at <= now:
            return None
        secret = secrets.token_urlsafe(32)
        opened = Session(login.team, secrets.token_urlsafe(24), now + SESSION_LENGTH)
        session.add(
            DashboardSession(
                digest=_digest(secret),
                team=opened.team,
                csrf=opened.csrf,
                expires_at=opened.expires_at,
            )
        )
    return Opened(secret, opened)


async def session_of(db: Database, secret: str, now: datetime) -> Session | None:
    """The live session a cookie's secret belongs to, or None (unknown, ended or expired)."""
    async with db.transaction() as session:
        row = await session.get(DashboardSession, _digest(secret))
        if row is None or row.expires_at <= now:
            return None
        return Session(row.team, row.csrf, row.expires_at)


async def end(db: Database, secret: str, now: datetime) -> None:
    """Log out: the session is gone (and any expired ones with it)."""
    async with db.transaction() as session:
        await session.execute(
            delete(DashboardSession).where(
                (DashboardSession.digest == _digest(secret)) | (DashboardSession.expires_at <= now)
            )
        )


async def usable(db: Database, token: str, now: datetime) -> bool:
    """Whether a login token would open a session, without using it up (a link preview, or a
    browser showing the sign-in button, must not spend it)."""
    async with db.transaction() as session:
        login = await session.get(DashboardLogin, _digest(token))
        return login is not None and login.expires_at > now


def new_form_token() -> str:
    """A CSRF token for the sign-in form, before there is a session to hold one."""
    return secrets.token_urlsafe(24)


def csrf_matches(expected: str | None, sent: str | None) -> bool:
    return bool(expected and sent) and hmac.compare_digest(
        str(expected).encode(), str(sent).encode()
    )


NO_DASHBOARD = (
    "The dashboard isn't switched on for this bot yet. Whoever runs the bot can start it with "
    "`nudgebot dashboard` and set `DASHBOARD_URL` to its address; then try "
    "`/network-admin dashboard` again."
)
NO_TEAM = "Type `/network-admin dashboard` in your workspace or server, so I know which team."
LINK_SENT = (
    "I've sent you a sign-in link for the team dashboard in a DM. It works once, within ten "
    "minutes."
)
CANNOT_DM = (
    "I couldn't send you a direct message, so there is no link this time. Allow direct "
    "messages from the app, then type `/network-admin dashboard` again."
)
LINK_TEXT = (
    "Here is your sign-in link for the team dashboard. It works once, within the next ten "
    "minutes, and opens a session of 12 hours for this team only:\n{link}"
)


async def admin_link(
    ctx: Context, member: MemberRef, team: TeamRef, is_admin: bool, event_id: str | None = None
) -> Reply | None:
    """``/network-admin dashboard``: DM a team admin a one-time link for their team only."""
    if not is_admin:
        return Reply(team_admin.NOT_ADMIN)
    if ctx.settings.dashboard_url is None:
        return Reply(NO_DASHBOARD)
    if not team.team_id:
        return Reply(NO_TEAM)
    now = ctx.clock()
    async with ctx.db.transaction() as session:
        if not await q.first_time_seen(session, event_id, now):
            return None
    token = await issue_login(ctx.db, team.key, now, ADMIN_LINK_LENGTH)
    link = f"{ctx.settings.dashboard_url}/login?token={token}"
    try:
        await ctx.messenger.send_text(member, LINK_TEXT.format(link=link))
    except DeliveryError as error:
        log.info("dashboard link for %s not delivered: %s", team.key, error)
        return Reply(CANNOT_DM)
    return Reply(LINK_SENT)
