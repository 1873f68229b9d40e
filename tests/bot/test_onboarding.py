"""The joining questions: answer codes, and how an answer changes the focus."""

from __future__ import annotations

from bot.actions import Verb
from bot.onboarding import AFTER, HOLDS_BACK, QUESTIONS, answer_of, buttons, with_answer
from bot.vocabulary import FOCUS_TAGS


def test_every_button_reads_back_as_its_answer() -> None:
    for question in QUESTIONS:
        shown = buttons(question)
        assert [b.label for b in shown][-1] == "Rather not say"
        for button in shown:
            assert button.action.verb is Verb.FOCUS
            answer = answer_of(button.action.delivery_id)
            assert answer is not None and answer.question == question
            assert answer.label == button.label
            assert answer.tag is None or answer.tag in FOCUS_TAGS


def test_codes_no_question_has_are_refused() -> None:
    assert answer_of(0) is None and answer_of(19) is None and answer_of(99) is None


def test_an_answer_replaces_its_questions_earlier_one_and_keeps_the_rest() -> None:
    fear, confidence = answer_of(11), answer_of(12)
    mentor, skip = answer_of(21), answer_of(20)
    assert fear and confidence and mentor and skip
    focus = with_answer(frozenset({"business"}), fear)
    assert focus == {"business", "fear_of_rejection"}
    assert with_answer(focus, confidence) == {"business", "low_confidence"}
    assert with_answer(focus, mentor) == {"fear_of_rejection", "mentor"}
    assert with_answer(focus, skip) == focus
    assert HOLDS_BACK.number == 1 and AFTER.number == 2
