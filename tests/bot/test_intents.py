"""The rules of bot.intents, one family at a time; the corpus test measures them at scale."""

from __future__ import annotations

import pytest

from bot.intents import Reading, Understood, classify, cues_in

DONE, NOT_DONE, LATER = Reading.DONE, Reading.NOT_DONE, Reading.LATER
QUESTION, WORRY, SWAP, RETURN, UNCLEAR = (
    Reading.QUESTION,
    Reading.WORRY,
    Reading.SWAP,
    Reading.RETURN,
    Reading.UNCLEAR,
)


def reading(text: str) -> Reading:
    return classify(text).reading


@pytest.mark.parametrize(
    "text",
    ["I didn't manage to", "never got round to it", "haven't yet", "not done", "not sent yet",
     "I haven't done it", "didn't send anything"],
)  # fmt: skip
def test_negation_means_not_done(text):
    assert reading(text) is NOT_DONE


def test_a_negated_done_cue_counts_as_not_done():
    assert cues_in("I haven't done it") == [(NOT_DONE, "haven't"), (NOT_DONE, "done")]
    # …but only within its clause: "but" starts a new one.
    assert reading("not gonna lie I almost didn't, but it's done") is DONE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I wanted to but I didn't", NOT_DONE),
        ("it was scary but I did it", DONE),
        ("I did it but it was awkward", DONE),
        ("it wasn't easy, but I did it", DONE),
        ("wrote it but didn't send it", NOT_DONE),
        ("not yet but I will tonight", LATER),
    ],
)
def test_the_clause_after_but_wins(text, expected):
    assert reading(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("✅", DONE), ("👍👍", DONE), ("🎉", DONE), ("❌", NOT_DONE), ("😬", UNCLEAR), ("🤔", UNCLEAR),
     ("sent it 🎉", DONE), ("😬 what if she ignores me", WORRY)],
)  # fmt: skip
def test_emoji(text, expected):
    assert reading(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what should I even say to them?", QUESTION),
        ("how do I find people to contact", QUESTION),
        ("I messaged her yesterday, does that count?", QUESTION),
        ("what if they ignore me?", WORRY),
        ("can I get a different one?", SWAP),
        ("Is it weird to message someone on a Sunday?", QUESTION),
    ],
)
def test_a_question_is_answered_not_logged(text, expected):
    assert reading(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("didnt", NOT_DONE), ("dint do it", NOT_DONE), ("dun", DONE), ("finsihed", DONE),
     ("finihsed it", DONE), ("tommorow", LATER), ("tomorow", LATER), ("yesss", DONE),
     ("messagd my mentor", DONE)],
)  # fmt: skip
def test_typos(text, expected):
    assert reading(text) is expected


def test_british_and_american_verbs_of_getting_in_touch():
    for text in ("had a natter with Dave", "rang her", "reached out to Sam", "pinged Leo",
                 "messaged my manager", "called my mentor"):  # fmt: skip
        assert reading(text) is DONE, text


@pytest.mark.parametrize("text", ["quit", "exit", "stop", "Stop sending these", "unsubscribe"])
def test_leaving_words_are_never_done(text):
    assert reading(text) is UNCLEAR


@pytest.mark.parametrize("text", ["hmm", "ok", "the weather is nice", "Priya", "Sam from work", ""])
def test_unclear_replies_are_asked_about(text):
    assert reading(text) is UNCLEAR


def test_whole_replies_answer_did_you_get_to_it():
    assert [reading(t) for t in ("yes", "yep", "y", "no", "not yet", "later")] == [
        DONE, DONE, DONE, NOT_DONE, NOT_DONE, LATER,
    ]  # fmt: skip


def test_done_keeps_the_reply_as_its_note_and_nothing_else_does():
    assert classify("had coffee with Priya") == Understood(DONE, "had coffee with Priya")
    assert classify("done: called Sam") == Understood(DONE, "called Sam")
    assert classify("done:") == Understood(DONE, None)
    assert classify("I didn't do it") == Understood(NOT_DONE, None)
    assert classify("tomorrow") == Understood(LATER, None)
