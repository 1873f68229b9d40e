"""Who may read the dashboard: one-time login links that open sessions, kept as hashes.

- A login link is single use and expires (the operator's when the server stops being useful,
  an admin's DM link after ten minutes); only its SHA-256 is stored, so a database dump opens
  nothing.
- Redeeming a link opens a session of 12 hours for the link's scope: one team, or every team
  (``team`` None, the operator). The cookie holds the session's secret; the database its hash.
- Every session has a CSRF token that each form posts back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete

from bot.storage.database import Database
from bot.storage.tables import DashboardLogin, DashboardSession

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


def csrf_matches(session: Session, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(session.csrf.encode(), sent.encode())
