from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.preferences import Invalid
from bot.replies import MAX_NOTE, Intent, Parsed, parse_reply

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "intent", "note"),
    [
        ("done", Intent.DONE, None),
        ("  DONE!!! ", Intent.DONE, None),
        ("Done.", Intent.DONE, None),
        ("done 🎉", Intent.DONE, None),
        ("✅", Intent.DONE, None),
        ("👍👍", Intent.DONE, None),
        ("✅ called Sam, it went well", Intent.DONE, "called Sam, it went well"),
        ("Did it!", Intent.DONE, None),
        ("did   it", Intent.DONE, None),
        ("done: messaged my old manager", Intent.DONE, "messaged my old manager"),
        ("Done - asked Priya for feedback", Intent.DONE, "asked Priya for feedback"),
        ("skip", Intent.SKIP, None),
        ("Skip.", Intent.SKIP, None),
        ("skip today please", Intent.SKIP, None),
        ("undo", Intent.UNDO, None),
        ("UNDO!", Intent.UNDO, None),
        ("resume", Intent.RESUME, None),
        ("help", Intent.HELP, None),
        ("Help?", Intent.HELP, None),
        ("", Intent.HELP, None),
        ("   ", Intent.HELP, None),
        ("too easy", Intent.TOO_EASY, None),
        ("Too hard!", Intent.TOO_HARD, None),
        ("share", Intent.SHARE, None),
        ("I sent the note and she replied!", Intent.NOTE, "I sent the note and she replied!"),
        # Free replies that say nothing was done are no longer notes (they never log).
        ("doneness is a word", Intent.UNCLEAR, None),
        ("skipping stones at the lake with an old colleague", Intent.UNCLEAR, None),
        # Answers to "Did you get to it today?"
        ("yes", Intent.DONE, None),
        ("Yep!", Intent.DONE, None),
        ("y", Intent.DONE, None),
        ("no", Intent.NOT_DONE, None),
        ("Not yet", Intent.NOT_DONE, None),
        # Each reading of bot.intents keeps its own intent.
        ("I didn't do it", Intent.NOT_DONE, None),
        ("I'll do it after lunch", Intent.LATER, None),
        ("what should I even say to them?", Intent.QUESTION, None),
        ("I'm scared they'll think I'm weird", Intent.WORRY, None),
        ("can I get a different one?", Intent.SWAP, None),
        ("sorry, been swamped, back now", Intent.RETURN, None),
        ("hmm", Intent.UNCLEAR, None),
        ("had coffee with Priya", Intent.NOTE, "had coffee with Priya"),
    ],
)
def test_recognised_words(text, intent, note):
    parsed = parse_reply(text, TODAY)
    assert parsed.intent is intent
    if note is not None:
        assert parsed.text == note


def test_win_keeps_its_text():
    parsed = parse_reply("Win: got a reply from the CTO", TODAY)
    assert (parsed.intent, parsed.text) == (Intent.WIN, "got a reply from the CTO")
    assert parse_reply("win -  spoke up in the meeting", TODAY).text == "spoke up in the meeting"
    assert parse_reply("win:", TODAY) == parse_reply("WIN: ", TODAY)
    assert parse_reply("win:", TODAY).text is None


def test_pause_is_read_with_the_date_it_ends():
    assert parse_reply("pause 3 days", TODAY).pause == TODAY + timedelta(days=2)
    assert parse_reply("Pause 2 weeks", TODAY).pause == TODAY + timedelta(days=13)
    assert parse_reply("pause until 2026-12-01", TODAY).pause == date(2026, 11, 30)
    assert parse_reply("pause until friday", TODAY).pause == date(2026, 11, 26)
    assert isinstance(parse_reply("pause", TODAY).pause, Invalid)
    assert isinstance(parse_reply("pause forever", TODAY).pause, Invalid)
    assert isinstance(parse_reply("pause until 2020-01-01", TODAY).pause, Invalid)


def test_long_notes_are_cut_and_flagged():
    parsed = parse_reply("Called Sam, " + "x" * 5000, TODAY)
    assert parsed.intent is Intent.NOTE
    assert len(parsed.text or "") == MAX_NOTE and parsed.truncated


def test_only_a_free_reply_read_as_done_carries_text():
    assert parse_reply("x" * 5000, TODAY) == Parsed(Intent.UNCLEAR)
    assert parse_reply("I didn't do it, sorry", TODAY) == Parsed(Intent.NOT_DONE)
