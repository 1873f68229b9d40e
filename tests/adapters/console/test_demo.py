"""``nudgebot demo`` driven through piped standard input, as a person would pipe a script."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import select
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

NUDGEBOT = Path(sys.executable).with_name("nudgebot")


def demo(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGEBOT_")}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [str(NUDGEBOT), "demo", "--tz", "Europe/London", "--start", "2026-11-23T08:00", *args],
        input=script,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.slow
def test_the_readme_example_shows_a_streak_of_two():
    result = demo("done\n/tomorrow\ndone\n/network-streak\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Today's challenge" in out
    assert "Tue 24 Nov, 09:00" in out
    assert "🔥 Streak: 2 days" in out.split("you> /network-streak")[1]
    assert out.rstrip().endswith("Small steps, every day.")


@pytest.mark.slow
def test_bad_input_gets_friendly_answers_and_never_crashes(tmp_path):
    script = "\n".join(
        [
            "/network-settings zone Mars/Base",
            "/network-settings time 25:99",
            "/network-settings time 9pm-ish",
            "/network-teleport",
            "pause forever",
            "Called Sam, " + "x" * 3000,  # a long note that says it was done
            "\x00\x1b[31m weird bytes",
            "/network-tip",
            "/network-tip mentor",
            "/network-tip quantum-knitting",
            "/network-pause 2 days",
            "/network-resume",
            "win: asked my first question in the design review",
            "/network-export",
            "/network-admin colour blue",
            "/network-link not-a-code",
            "/network-forget maybe",
        ]
    )
    result = demo(script + "\n", "--files", str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())  # the terminal wraps long lines
    assert "Use an IANA name such as `Europe/Berlin`" in out
    assert "“25:99” isn't a time" in out and "“9pm-ish” isn't a time" in out
    assert "I don't know `/network-teleport`" in out
    assert "How long should I pause?" in out
    assert "first 2,000 characters" in out
    assert "Paused." in out and "Welcome back!" in out
    assert "I don't know the team setting “colour”" in out
    assert "codes are good once" in out
    assert "press the button or type `/network-forget yes`" in out  # asked, nothing deleted
    assert "Traceback" not in out + result.stderr


@pytest.mark.slow
def test_the_team_side_and_the_files_the_bot_hands_over(tmp_path):
    script = [
        "done: asked Priya how she got into product",
        "share",
        "/network-win Gave my first lightning talk",
        "/network-streak",
        "/digest",
        "/network-export",
        "/network-forget yes",
    ]
    result = demo("\n".join(script) + "\n", "--files", str(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "#wins> 👋 Hello!" in out  # the demo team's channel, set up by its admin (you)
    # The note is shared, unless the first challenge was a mindset one: those notes stay private.
    shared_note = "#wins> 🎉 @you shared a win:\n       > asked Priya how she got into product"
    assert shared_note in out or "Notes on mindset challenges stay private" in out
    assert "#wins> 🎉 @you shared a win:\n       > Gave my first lightning talk" in out
    digest = out.split("you> /digest")[1]
    assert "#wins> 📣 Team week, 17–23 Nov" in digest and "• 🎉 2 wins shared" in digest
    picture = tmp_path / "streak-2026-11-23.png"
    assert f"📎 {picture}" in out and picture.read_bytes().startswith(b"\x89PNG")
    export = json.loads((tmp_path / "nudgebot-export-2026-11-23.json").read_text())
    assert export["deliveries"][0]["note"] == "asked Priya how she got into product"
    assert "everything I kept about you is deleted" in out


@pytest.mark.slow
def test_help_and_version():
    for args in (
        ["--help"],
        ["demo", "--help"],
        ["db", "upgrade", "--help"],
        ["content", "check", "--help"],
    ):
        result = subprocess.run([str(NUDGEBOT), *args], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and "usage: nudgebot" in result.stdout
    version = subprocess.run(
        [str(NUDGEBOT), "--version"], capture_output=True, text=True, check=False
    )
    assert version.stdout.startswith("nudgebot 0.")


class Terminal:
    """``nudgebot demo`` on a pseudo-terminal of its own, typed at as a person would."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        env = {k: v for k, v in os.environ.items() if not k.startswith("NUDGEBOT_")}
        env.pop("DATABASE_URL", None)
        env.update(TERM="xterm", COLUMNS="80", LINES="24")
        self.process = subprocess.Popen(
            [str(NUDGEBOT), "demo", "--tz", "Europe/London", "--start", "2026-11-23T08:00", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            # The terminal becomes the demo's own, so Ctrl-C there interrupts the demo.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.screen = ""

    def wait_for(self, text: str, count: int = 1, limit: float = 60) -> None:
        self.wait_until(lambda: self.screen.count(text) >= count, f"{text!r} × {count}", limit)

    def wait_for_prompt(self) -> None:
        """Until the screen ends at an empty prompt (readline's redrawing aside)."""
        plain = lambda: re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", self.screen)  # noqa: E731
        self.wait_until(lambda: plain().endswith("you> "), "the prompt")

    def wait_until(self, done: Callable[[], bool], what: str, limit: float = 60) -> None:
        deadline = time.monotonic() + limit
        while not done():
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} in:\n{self.screen}")
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    self.screen += os.read(self.master, 4096).decode(errors="replace")
                except OSError:  # the demo has ended and closed the terminal
                    raise AssertionError(f"ended before {what}:\n{self.screen}") from None

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def end(self, limit: float = 30) -> int:
        try:
            code = self.process.wait(limit)
        except subprocess.TimeoutExpired:
            self._drain()
            raise AssertionError(f"still running after {limit} s:\n{self.screen}") from None
        self._drain()
        os.close(self.master)
        return code

    def _drain(self) -> None:
        with contextlib.suppress(OSError):
            while select.select([self.master], [], [], 0.1)[0]:
                chunk = os.read(self.master, 4096)
                if not chunk:
                    break
                self.screen += chunk.decode(errors="replace")


@pytest.mark.slow
@pytest.mark.parametrize("when", ["at the prompt", "while the bot answers"])
def test_in_a_terminal_lines_can_be_edited_and_recalled_and_ctrl_c_ends_it(tmp_path, when):
    terminal = Terminal("--files", str(tmp_path))
    try:
        terminal.wait_for_prompt()
        if when == "at the prompt":
            terminal.type("network-streak\x01/\r")  # Ctrl-A: back to the start of the line
            terminal.wait_for("Streak: 0 days")
            terminal.wait_for_prompt()
            terminal.type("\x1b[A\r")  # the up arrow brings the last line back
            terminal.wait_for("Streak: 0 days", 2)
            terminal.wait_for_prompt()
            terminal.type("\x03")
        else:
            terminal.type("/network-tip\r\x03")
        assert terminal.end() == 0
    finally:
        if terminal.process.poll() is None:
            terminal.process.kill()
    assert terminal.screen.rstrip().endswith("Bye for now. Small steps, every day.")
    assert "Traceback" not in terminal.screen and "CancelledError" not in terminal.screen


@pytest.mark.slow
def test_the_demo_team_has_simulated_teammates_to_meet_in_an_intro_round():
    result = demo("/intros\n/network-intros on\n/network-admin intros weekly\n/intros\n/intros\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "three simulated teammates (sam, priya and lee)" in out
    before, after = out.split("you> /network-intros on")
    assert "Type `/network-admin intros weekly` first" in before
    assert "Saved: intros every Monday" in after
    intro = next(line for line in after.splitlines() if "👋 Meet each other:" in line)
    assert intro.startswith("group(") and "@you" in intro
    assert "Round made: 2 intros, 0 left out" in after
    assert "Today's round is already made" in after  # one round a day


@pytest.mark.slow
def test_a_weekly_round_happens_on_its_own_as_the_days_go_by():
    """`/tomorrow` runs the intro rounds' steps it jumps over, each at its time: the heads-up
    the day before, the intro on the day (also that day's challenge), the check-back later."""
    script = "/network-admin intros weekly\n/network-intros on\n" + "/tomorrow\n" * 9
    result = demo(script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    sunday = out.split("… the clock moves to Sun 29 Nov, 10:00 …")[1]
    assert sunday.lstrip().startswith("bot> 🤝 Intros tomorrow")
    monday = out.split("… the clock moves to Mon 30 Nov, 09:00 …")
    assert len(monday) == 2  # the move is said once, before the intro and the nudge
    assert "👋 Meet each other: @lee" in monday[1]
    assert "Today's challenge is your intro: say hello to @lee" in monday[1]
    thursday = out.split("… the clock moves to Thu 03 Dec, 11:00 …")[1]
    assert thursday.lstrip().startswith("bot> Did you and @lee meet?")
    assert out.count("Meet each other") == 1 and out.count("Did you and @lee meet?") == 1
