"""Who can read what, over real HTTP: login links, sessions, CSRF, team scope and headers."""

from __future__ import annotations

import asyncio
import contextlib
import re
from datetime import timedelta

import aiohttp

from adapters.web import server
from adapters.web.app import COOKIE
from bot.config import Settings
from tests.bot.services.dashboard_seed import G9, T1

TEAM_T1 = "/teams/slack/T1"
TEAM_G9 = "/teams/discord/G9"


def field(html, name):
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def csrf_of(html):
    return field(html, "csrf")


async def press_sign_in(client, link, **options):
    """Follow a login link and press its button, as a browser does: the POST's response."""
    async with client.get(link) as page:
        assert page.status == 200
        sign_in = (await page.text()).split('action="/login"')[1]
        form = {"token": field(sign_in, "token"), "csrf": csrf_of(sign_in)}
    return await client.post(link.split("?")[0], data=form, **options)


async def signed_in(client, site, team=None):
    async with await press_sign_in(client, await site.link(team)) as response:
        assert response.status == 200
        return await response.text()


async def test_no_session_no_figures(site, browser_session):
    for path in ("/", TEAM_T1, f"{TEAM_T1}/weekly.csv?weeks=4", f"{TEAM_T1}/members"):
        async with browser_session.get(site.url + path) as response:
            assert response.status == 401
            body = await response.text()
            assert "nudgebot dashboard" in body and "Members by level" not in body


async def test_a_login_link_works_once(site, browser_session):
    link = await site.link()
    async with await press_sign_in(browser_session, link, allow_redirects=False) as response:
        assert response.status == 303 and response.headers["Location"] == "/"
        cookie = response.cookies[COOKIE]
        assert cookie["httponly"] and cookie["samesite"] == "Strict"
        assert not cookie["secure"]  # plain HTTP on loopback
        assert int(cookie["max-age"]) == 12 * 3600
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as other, other.get(link) as response:
        assert response.status == 403
        assert "Login links work once" in await response.text()


async def test_a_link_preview_does_not_use_the_link_up(site, browser_session):
    link = await site.link(T1)
    async with aiohttp.ClientSession() as unfurler:  # a chat app fetching the page for a preview
        for _ in range(2):
            async with unfurler.get(link) as response:
                assert response.status == 200 and "Open the dashboard" in await response.text()
    assert "Members by level" in await signed_in(browser_session, site, T1)
    async with await press_sign_in(browser_session, link) as response:
        assert response.status == 200  # the link still worked for its owner


async def test_the_sign_in_button_needs_its_form_token(site, browser_session):
    link = await site.link()
    async with browser_session.get(link) as page:
        token = field(await page.text(), "token")
    url = link.split("?")[0]
    # A cross-site form posts without the SameSite=Strict cookie; a guessed field fails too.
    forged = {"token": token, "csrf": "guess"}
    async with aiohttp.ClientSession() as elsewhere, elsewhere.post(url, data=forged) as response:
        assert response.status == 403
    async with browser_session.post(url, data={"token": token, "csrf": "guess"}) as response:
        assert response.status == 403
    async with browser_session.get(site.url + TEAM_T1) as response:
        assert response.status == 401


async def test_forged_and_expired_links_open_nothing(site, browser_session):
    async with browser_session.get(site.url + "/login?token=made-up") as response:
        assert response.status == 403
    link = await site.link(T1)
    site.clock.now += timedelta(minutes=11)  # an admin's link lasts ten minutes
    async with browser_session.get(link) as response:
        assert response.status == 403
    async with browser_session.get(site.url + TEAM_T1) as response:
        assert response.status == 401


async def test_behind_https_the_cookie_is_secure(site, browser_session):
    link = await site.link()
    headers = {"X-Forwarded-Proto": "https"}
    options = {"allow_redirects": False, "headers": headers}
    async with await press_sign_in(browser_session, link, **options) as response:
        assert response.cookies[COOKIE]["secure"]


async def test_a_session_ends_after_twelve_hours(site, browser_session):
    await signed_in(browser_session, site)
    site.clock.now += timedelta(hours=11, minutes=59)
    async with browser_session.get(site.url + TEAM_T1) as response:
        assert response.status == 200
    site.clock.now += timedelta(minutes=2)
    async with browser_session.get(site.url + TEAM_T1) as response:
        assert response.status == 401


async def test_the_operator_sees_every_team(site, browser_session):
    html = await signed_in(browser_session, site)
    assert TEAM_T1 in html and TEAM_G9 in html
    for path in (TEAM_T1, TEAM_G9):
        async with browser_session.get(site.url + path) as response:
            assert response.status == 200


async def test_an_admin_of_one_team_never_reads_another(site, browser_session):
    html = await signed_in(browser_session, site, T1)
    assert "Members by level" in html  # landed on its own team's page
    assert TEAM_G9 not in html
    for path in (
        TEAM_G9,
        f"{TEAM_G9}?weeks=4",
        f"{TEAM_G9}/weekly.csv?weeks=4",
        f"{TEAM_G9}/members",
        "/teams/slack/T2",
    ):
        async with browser_session.get(site.url + path) as response:
            assert response.status == 404, path
            assert "discord" not in (await response.text()).lower()
    # A session for the other team, and a made-up cookie, are no key to this one.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as other:
        await signed_in(other, site, G9)
        async with other.get(site.url + TEAM_T1) as response:
            assert response.status == 404
    forged = aiohttp.ClientSession(cookies={COOKIE: "forged"})
    async with forged as forger, forger.get(site.url + TEAM_T1) as response:
        assert response.status == 401


async def test_logout_needs_the_csrf_token_and_ends_the_session(site, browser_session):
    html = await signed_in(browser_session, site, T1)
    for form in ({}, {"csrf": "wrong"}):
        async with browser_session.post(site.url + "/logout", data=form) as response:
            assert response.status == 403
    async with browser_session.get(site.url + TEAM_T1) as response:
        assert response.status == 200  # still signed in
    async with browser_session.post(site.url + "/logout", data={"csrf": csrf_of(html)}) as response:
        assert response.status == 200 and "logged out" in (await response.text()).lower()
    async with browser_session.get(site.url + TEAM_T1) as response:
        assert response.status == 401


async def test_every_response_carries_the_security_headers(site, browser_session):
    await signed_in(browser_session, site)
    paths = ["/", TEAM_T1, f"{TEAM_T1}/weekly.csv?weeks=4", "/static/dashboard.css", "/nowhere"]
    for path in paths:
        async with browser_session.get(site.url + path) as response:
            csp = response.headers["Content-Security-Policy"]
            assert "script-src" not in csp and "'unsafe-inline'" not in csp
            assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
            assert response.headers["X-Frame-Options"] == "DENY"
            assert response.headers["Referrer-Policy"] == "no-referrer"


async def test_no_note_win_or_person_ever_appears(site, browser_session):
    await signed_in(browser_session, site)
    for path in (
        "/",
        *(f"{TEAM_T1}?weeks={n}" for n in (4, 12, 52)),
        f"{TEAM_T1}/weekly.csv?weeks=52",
        f"{TEAM_T1}/members",
    ):
        async with browser_session.get(site.url + path) as response:
            assert response.status == 200
            assert "SECRET" not in await response.text()


async def test_the_member_list_shows_status_and_streak_of_the_admin_s_own_team(
    site, browser_session
):
    await signed_in(browser_session, site, T1)
    async with browser_session.get(f"{site.url}{TEAM_T1}/members") as response:
        assert response.status == 200
        html = await response.text()
    assert '<th scope="row">U1</th><td>can be reached</td><td>3 days</td>' in html
    assert '<th scope="row">U6</th><td>cannot be reached</td><td>0 days</td>' in html
    assert "U7" not in html and "U10" not in html  # left; another team
    for page in ("0", "two", "-1"):
        async with browser_session.get(f"{site.url}{TEAM_T1}/members?page={page}") as response:
            assert response.status == 400
            assert "?page=2" in await response.text()


async def test_the_weekly_csv_download(site, browser_session):
    await signed_in(browser_session, site, T1)
    async with browser_session.get(site.url + f"{TEAM_T1}/weekly.csv?weeks=4") as response:
        assert response.headers["Content-Type"].startswith("text/csv")
        assert "attachment" in response.headers["Content-Disposition"]
        lines = (await response.text()).splitlines()
    header = "week_starting,nudges_delivered,challenges_done,completion_rate"
    assert lines[0] == header + ",intros_made,intros_met"
    hidden = "fewer than 5"
    assert lines[1:] == [
        f"2026-11-02,{hidden},{hidden},{hidden},{hidden},{hidden}",
        f"2026-11-09,{hidden},{hidden},{hidden},{hidden},{hidden}",
        f"2026-11-16,{hidden},{hidden},{hidden},2,1",
        f"2026-11-23,12,8,67%,{hidden},{hidden}",
    ]


async def test_a_period_must_be_one_on_offer(site, browser_session):
    await signed_in(browser_session, site, T1)
    async with browser_session.get(site.url + f"{TEAM_T1}?weeks=7") as response:
        assert response.status == 400
        assert "Choose 4, 12 or 52 weeks" in await response.text()


async def test_nudgebot_dashboard_prints_a_link_that_signs_the_operator_in(db, browser_session):
    printed: list[str] = []
    task = asyncio.create_task(server.serve(Settings(), db.url, "127.0.0.1", 0, printed.append))
    try:
        for _ in range(200):
            if len(printed) == 2:
                break
            await asyncio.sleep(0.02)
        link = printed[1].split()[-1]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/login\?token=[\w-]{40,}", link)
        async with await press_sign_in(browser_session, link) as response:
            assert response.status == 200 and "<h1>Teams</h1>" in await response.text()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
