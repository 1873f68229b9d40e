"""The dashboard's routes, and the rules every response follows.

- No page without a session; a login link shows a sign-in button, and pressing it opens one
  and uses the link up (a chat app's link preview only fetches the page).
- A session reads only its scope: its own team, or every team for the operator. Another team's
  address answers 404, the same as a team that does not exist.
- Every POST carries the session's CSRF token.
- Every response has a CSP without inline scripts or styles, X-Frame-Options DENY, no referrer
  (a login token never leaks in one) and no caching.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from aiohttp import web

from adapters.web import charts, words
from bot.ports import Clock, TeamRef
from bot.services import dashboard, dashboard_access, dashboard_members
from bot.services.dashboard_access import Session
from bot.services.dashboard_cache import FiguresCache
from bot.storage.database import Database

HERE = Path(__file__).parent
COOKIE = "nudgebot_session"
#: The sign-in form's CSRF token, before there is a session (double-submit: cookie and field).
LOGIN_COOKIE = "nudgebot_login"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

DB = web.AppKey("db", Database)
CLOCK = web.AppKey("clock", Clock)
ZONE = web.AppKey("zone", str)
TEMPLATES = web.AppKey("templates", jinja2.Environment)
FIGURES = web.AppKey("figures", FiguresCache)
SESSION = web.RequestKey("session", Session)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def make_app(db: Database, clock: Clock, default_zone: str = "UTC") -> web.Application:
    app = web.Application(middlewares=[_headers, _session])
    app[DB], app[CLOCK], app[ZONE] = db, clock, default_zone
    app[FIGURES] = FiguresCache(db, default_zone)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(
        shown=dashboard.shown,
        label=words.label,
        advice=words.advice,
        team_url=team_url,
        periods=dashboard.PERIODS,
        months_between=dashboard.months_between,
    )
    app[TEMPLATES] = env
    app.router.add_get("/login", login_form)
    app.router.add_post("/login", login)
    app.router.add_post("/logout", logout)
    app.router.add_get("/", home)
    app.router.add_get("/teams/{platform}/{team_id}", team_page)
    app.router.add_get("/teams/{platform}/{team_id}/weekly.csv", weekly_csv)
    app.router.add_get("/teams/{platform}/{team_id}/members", member_list)
    app.router.add_static("/static", HERE / "static")
    app.on_startup.append(_warm_figures)
    app.on_cleanup.append(_stop_counting)
    return app


async def _warm_figures(app: web.Application) -> None:
    app[FIGURES].warm(app[CLOCK]())


async def _stop_counting(app: web.Application) -> None:
    await app[FIGURES].close()


def team_url(team: TeamRef) -> str:
    return f"/teams/{quote(team.platform, safe='')}/{quote(team.team_id, safe='')}"


def render(request: web.Request, name: str, status: int = 200, **values: Any) -> web.Response:
    template = request.app[TEMPLATES].get_template(name)
    html = template.render(session=request.get(SESSION), **values)
    return web.Response(text=html, status=status, content_type="text/html")


def message(request: web.Request, status: int, heading: str, text: str) -> web.Response:
    return render(request, "message.html", status, heading=heading, text=text)


def refusal(
    request: web.Request, kind: type[web.HTTPException], heading: str, text: str
) -> web.HTTPException:
    """An error page to raise: the same friendly page, with the error's status."""
    html = (
        request.app[TEMPLATES]
        .get_template("message.html")
        .render(session=request.get(SESSION), heading=heading, text=text)
    )
    return kind(text=html, content_type="text/html")


@web.middleware
async def _headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as error:
        error.headers.update(SECURITY_HEADERS)
        raise
    response.headers.update(SECURITY_HEADERS)
    return response


@web.middleware
async def _session(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Find the request's session; refuse a POST whose form lacks the session's CSRF token."""
    secret = request.cookies.get(COOKIE)
    if secret:
        found = await dashboard_access.session_of(request.app[DB], secret, request.app[CLOCK]())
        if found is not None:
            request[SESSION] = found
    if request.method == "POST":
        form = await request.post()
        sent = form.get("csrf")
        session = request.get(SESSION)
        if request.path == "/login":
            expected = request.cookies.get(LOGIN_COOKIE)
        else:
            expected = session.csrf if session is not None else None
        if not dashboard_access.csrf_matches(expected, sent if isinstance(sent, str) else None):
            return message(
                request,
                403,
                "That form has expired",
                "Go back, reload the page and try again.",
            )
    return await handler(request)


def _signed_in(request: web.Request) -> Session:
    session: Session | None = request.get(SESSION)
    if session is None:
        raise refusal(
            request,
            web.HTTPUnauthorized,
            "Please sign in",
            "Open a fresh login link: run `nudgebot dashboard`, or type "
            "`/network-admin dashboard` in your team's chat.",
        )
    return session


def _secure(request: web.Request) -> bool:
    return request.secure or request.headers.get("X-Forwarded-Proto", "").lower() == "https"


def _link_spent(request: web.Request) -> web.Response:
    return message(
        request,
        403,
        "This link no longer works",
        "Login links work once and expire. Ask for a new one: run `nudgebot dashboard`, "
        "or type `/network-admin dashboard` in your team's chat.",
    )


async def login_form(request: web.Request) -> web.StreamResponse:
    """The link's page: a sign-in button. Fetching it (a link preview) uses nothing up."""
    token = request.query.get("token", "")
    if not token or not await dashboard_access.usable(request.app[DB], token, request.app[CLOCK]()):
        return _link_spent(request)
    form_token = dashboard_access.new_form_token()
    response = render(request, "login.html", token=token, form_token=form_token)
    response.set_cookie(
        LOGIN_COOKIE,
        form_token,
        max_age=600,
        path="/login",
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
    )
    return response


async def login(request: web.Request) -> web.StreamResponse:
    """The sign-in button: the link is used up and a session opens."""
    form = await request.post()
    token = form.get("token")
    opened = (
        await dashboard_access.redeem(request.app[DB], token, request.app[CLOCK]())
        if isinstance(token, str) and token
        else None
    )
    if opened is None:
        return _link_spent(request)
    response = web.Response(status=303, headers={"Location": "/"})
    response.set_cookie(
        COOKIE,
        opened.secret,
        max_age=int(dashboard_access.SESSION_LENGTH.total_seconds()),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=_secure(request),
    )
    response.del_cookie(LOGIN_COOKIE, path="/login")
    return response


async def logout(request: web.Request) -> web.StreamResponse:
    secret = request.cookies.get(COOKIE)
    if secret:
        await dashboard_access.end(request.app[DB], secret, request.app[CLOCK]())
    request.pop(SESSION, None)
    response = message(
        request,
        200,
        "Logged out",
        "You are logged out. Close this tab, or open a new login link to come back.",
    )
    response.del_cookie(COOKIE, path="/")
    return response


async def home(request: web.Request) -> web.StreamResponse:
    session = _signed_in(request)
    teams = await dashboard.teams(request.app[DB], session.team)
    if session.team is not None:
        if not teams:
            return message(request, 200, "No figures yet", "Your team has no members yet.")
        raise web.HTTPSeeOther(team_url(teams[0]))
    return render(request, "teams.html", teams=teams)


async def _readable_team(request: web.Request) -> TeamRef:
    """The team in the address, if this session may read it; else the same 404 as no team."""
    session = _signed_in(request)
    team = TeamRef(request.match_info["platform"], request.match_info["team_id"])
    readable = session.may_read(team.key) and team in await dashboard.teams(
        request.app[DB], session.team
    )
    if not readable:
        raise refusal(
            request,
            web.HTTPNotFound,
            "No such team",
            "There is no team at this address that you can see.",
        )
    return team


async def _figures(request: web.Request) -> dashboard.TeamFigures:
    team = await _readable_team(request)
    try:
        weeks = int(request.query.get("weeks", "12"))
    except ValueError:
        weeks = 0
    if weeks not in dashboard.PERIODS:
        raise refusal(
            request,
            web.HTTPBadRequest,
            "Pick a period",
            "Choose 4, 12 or 52 weeks, e.g. ?weeks=12.",
        )
    return await request.app[FIGURES].figures(team, weeks, request.app[CLOCK]())


async def team_page(request: web.Request) -> web.StreamResponse:
    f = await _figures(request)
    return render(
        request,
        "team.html",
        team=f.team,
        f=f,
        weekly_chart=charts.columns([(w.first.strftime("%-d %b"), w.done) for w in f.weekly]),
        rate_chart=lambda rates: charts.bars([(r.label, r.rate) for r in rates], "{:.0%}", top=1),
        count_chart=lambda counts: charts.bars([(words.label(c.label), c.count) for c in counts]),
    )


async def weekly_csv(request: web.Request) -> web.StreamResponse:
    f = await _figures(request)
    out = io.StringIO()
    csv.writer(out).writerows(dashboard.weekly_csv_rows(f))
    name = f"nudgebot-{f.team.platform}-{f.team.team_id}-{f.weeks}-weeks.csv"
    return web.Response(
        text=out.getvalue(),
        content_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{quote(name)}"'},
    )


async def member_list(request: web.Request) -> web.StreamResponse:
    """The admin's member list: status and streak only, a page of them at a time."""
    team = await _readable_team(request)
    raw = request.query.get("page", "1")
    page = int(raw) if raw.isdigit() else 0
    if page < 1:
        raise refusal(
            request,
            web.HTTPBadRequest,
            "Pick a page",
            "Pages are numbered from 1, e.g. ?page=2.",
        )
    listed = await dashboard_members.member_page(
        request.app[DB], team, page, request.app[CLOCK](), request.app[ZONE]
    )
    return render(request, "members.html", team=team, listed=listed)
