"""The dashboard in a real headless Chromium (Debian's, driven by Selenium): sign in with the
link, read the figures the database holds, on a phone and in dark mode, with no console errors.

Skipped on a machine without /usr/bin/chromium; on CI (``CI`` set) a missing browser fails.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.ports import TeamRef
from bot.services import dashboard
from tests.bot.services.dashboard_seed import NOW, T1

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.browser


@pytest.fixture
def chrome(tmp_path: Path) -> Iterator[object]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("CI needs Debian's chromium and chromium-driver (see .ci/run)")
        pytest.skip("no /usr/bin/chromium here: apt-get install chromium chromium-driver")
    if not os.environ.get("CI"):
        pytest.importorskip("selenium.webdriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def rgb(css: str) -> tuple[int, ...]:
    """A CSS colour as Chromium reports it (``rgb(…)`` or ``rgba(…, 1)``), as red, green, blue."""
    return tuple(int(part) for part in css[css.index("(") + 1 : -1].split(",")[:3])


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


async def test_a_team_lead_reads_the_dashboard(site, chrome, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    link = await site.link(T1)
    expected = await dashboard.figures(site.db, TeamRef.parse(T1), 12, NOW)
    driver = chrome

    def visit() -> dict[str, object]:
        driver.get(link)
        seen: dict[str, object] = {"button": driver.find_element(By.ID, "sign-in").text}
        signing_in = driver.find_element(By.ID, "sign-in")
        signing_in.click()
        WebDriverWait(driver, 5).until(expected_conditions.staleness_of(signing_in))
        seen["title"] = driver.title
        seen |= {
            name: driver.find_element(By.ID, name).text
            for name in ("enrolled", "active", "participation", "wins")
        }
        rows = driver.find_elements(By.CSS_SELECTOR, "#table-weekly tbody tr")
        seen["weeks"] = [row.text for row in rows]
        seen["charts"] = len(driver.find_elements(By.CSS_SELECTOR, "svg.chart"))
        seen["levels"] = driver.find_element(By.ID, "table-levels").text
        seen["intros"] = [
            row.text for row in driver.find_elements(By.CSS_SELECTOR, "#table-intros tbody tr")
        ]
        seen["retention"] = [
            row.text for row in driver.find_elements(By.CSS_SELECTOR, "#table-retention tr")
        ]
        # The stylesheet loaded (CSP allows it) and the bars took its colour.
        bar = driver.find_element(By.CSS_SELECTOR, "#chart-levels rect.bar")
        seen["bar_fill"] = bar.value_of_css_property("fill")
        driver.save_screenshot(str(tmp_path / "dashboard.png"))
        # On a phone nothing runs off the side of the screen.
        driver.set_window_size(390, 844)
        # Resizing is asynchronous in headless Chromium: measure once the page has the new width.
        WebDriverWait(driver, 5).until(
            lambda d: d.execute_script("return window.innerWidth") <= 390
        )
        seen["overflow"] = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        driver.save_screenshot(str(tmp_path / "dashboard-phone.png"))
        light = driver.find_element(By.TAG_NAME, "body").value_of_css_property("background-color")
        driver.execute_cdp_cmd(
            "Emulation.setEmulatedMedia",
            {"features": [{"name": "prefers-color-scheme", "value": "dark"}]},
        )
        dark = driver.find_element(By.TAG_NAME, "body").value_of_css_property("background-color")
        seen["backgrounds"] = (light, dark)
        driver.save_screenshot(str(tmp_path / "dashboard-dark.png"))
        # The period links and logging out work with a click, no script involved.
        # Each click loads a new page: wait until the old one is gone before reading the new.
        page = driver.find_element(By.TAG_NAME, "h1")
        driver.find_element(By.LINK_TEXT, "4 weeks").click()
        WebDriverWait(driver, 5).until(expected_conditions.staleness_of(page))
        seen["four_weeks"] = len(driver.find_elements(By.CSS_SELECTOR, "#table-weekly tbody tr"))
        # The admin's member list, a click away; it fits a phone too.
        page = driver.find_element(By.TAG_NAME, "h1")
        driver.find_element(By.LINK_TEXT, "Member list").click()
        WebDriverWait(driver, 5).until(expected_conditions.staleness_of(page))
        seen["members"] = [
            row.text for row in driver.find_elements(By.CSS_SELECTOR, "#table-members tbody tr")
        ]
        seen["members_overflow"] = driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        driver.save_screenshot(str(tmp_path / "members-phone.png"))
        page = driver.find_element(By.TAG_NAME, "h1")
        driver.find_element(By.CSS_SELECTOR, "form.logout button").click()
        WebDriverWait(driver, 5).until(expected_conditions.staleness_of(page))
        seen["after_logout"] = driver.find_element(By.TAG_NAME, "h1").text
        driver.get(site.url + "/teams/slack/T1")
        seen["then"] = driver.find_element(By.TAG_NAME, "h1").text
        seen["errors"] = console_errors(driver)
        return seen

    seen = await asyncio.to_thread(visit)
    assert seen["button"] == "Open the dashboard"
    assert seen["title"] == "Slack · T1 · nudgebot dashboard"
    assert seen["enrolled"] == dashboard.shown(expected.enrolled) == "7"
    assert seen["active"] == dashboard.shown(expected.active_this_week) == "5"
    assert seen["participation"] == "71%"
    assert seen["wins"] == dashboard.shown(expected.wins_shared) == "2"
    weeks = seen["weeks"]
    assert len(weeks) == 12 and weeks[-1] == "2026-11-23 12 8"
    assert weeks[-2] == "2026-11-16 fewer than 5 fewer than 5"
    assert seen["charts"] == 7
    assert "Level 1 6" in seen["levels"]
    assert expected.intros is not None
    assert (
        seen["intros"]
        == [
            f"Members introduced {dashboard.shown(expected.intros.introduced)}",
            f"Intros made {dashboard.shown(expected.intros.made)}",
            f"Said they met {dashboard.shown(expected.intros.met)}",
        ]
        == ["Members introduced 5", "Intros made 5", "Said they met 3"]
    )
    assert seen["bar_fill"] not in ("", "rgb(0, 0, 0)")
    assert seen["overflow"] == 0
    assert [rgb(c) for c in seen["backgrounds"]] == [(255, 255, 255), (20, 23, 29)]
    assert seen["four_weeks"] == 4
    assert seen["retention"] == ["Joined Members 2026-09 2026-10 2026-11", "2026-10 7 – 0 5"]
    assert seen["members"][:2] == ["U0 can be reached 2 days", "U1 can be reached 3 days"]
    assert len(seen["members"]) == 7 and seen["members"][-1] == "U6 cannot be reached 0 days"
    assert seen["members_overflow"] == 0
    assert seen["after_logout"] == "Logged out"
    assert seen["then"] == "Please sign in"
    # The 401 for the last page is the only thing Chromium may complain about.
    assert [e for e in seen["errors"] if "401" not in e] == []
    assert (tmp_path / "dashboard.png").stat().st_size > 0
