"""The two questions joining asks: what holds you back most, and what you are after.

Both are skippable, answered with a button (or by typing its word in the demo), and the answer
becomes part of the member's focus, which weights the picker towards challenges for it.
``/network-settings focus ...`` changes it later. A button's action id carries the answer's code
(``nudge:v1:focus:<code>``), so an answer needs no state between the question and the click.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.actions import ActionId, Verb
from bot.views import Button
from bot.vocabulary import GOAL_TAGS, RESISTANCE_TAGS


@dataclass(frozen=True)
class Question:
    number: int
    text: str
    #: (label, focus tag) in the order shown
    answers: tuple[tuple[str, str], ...]
    #: The group of tags an answer replaces (answering again changes the answer, not adds).
    replaces: frozenset[str]


HOLDS_BACK = Question(
    1,
    "One quick question, so the challenges fit you (skip it if you'd rather not say): "
    "what holds you back most when it comes to networking?",
    (
        ("Fear of rejection", "fear_of_rejection"),
        ("Confidence", "low_confidence"),
        ("Self-promotion", "self_promotion"),
        ("Feeling insincere", "insincerity"),
    ),
    frozenset(RESISTANCE_TAGS),
)
AFTER = Question(
    2,
    "And what are you after? Pick the one that matters most right now.",
    (
        ("A mentor", "mentor"),
        ("Visibility", "visibility"),
        ("A new role", "new_role"),
        ("Business", "business"),
        ("Learning", "learning"),
        ("Community", "community"),
    ),
    frozenset(GOAL_TAGS),
)
QUESTIONS = (HOLDS_BACK, AFTER)
SKIP_LABEL = "Rather not say"
#: A code is question number * 10 + answer number (1-based); answer 0 is SKIP_LABEL.
_STRIDE = 10


@dataclass(frozen=True)
class Answer:
    question: Question
    #: The focus tag chosen, None for Skip.
    tag: str | None
    label: str


def buttons(question: Question) -> tuple[Button, ...]:
    chosen = tuple(
        Button(label, ActionId(Verb.FOCUS, question.number * _STRIDE + i))
        for i, (label, _) in enumerate(question.answers, start=1)
    )
    return (*chosen, Button(SKIP_LABEL, ActionId(Verb.FOCUS, question.number * _STRIDE)))


def answer_of(code: int) -> Answer | None:
    """The answer a button's code stands for; None for a code no question has."""
    number, choice = divmod(code, _STRIDE)
    question = next((q for q in QUESTIONS if q.number == number), None)
    if question is None or choice > len(question.answers):
        return None
    if choice == 0:
        return Answer(question, None, SKIP_LABEL)
    label, tag = question.answers[choice - 1]
    return Answer(question, tag, label)


def next_question(question: Question) -> Question | None:
    later = [q for q in QUESTIONS if q.number > question.number]
    return later[0] if later else None


def with_answer(focus: frozenset[str], answer: Answer) -> frozenset[str]:
    """The focus after ``answer``: its question's earlier answer replaced, Skip keeps it."""
    if answer.tag is None:
        return focus
    return (focus - answer.question.replaces) | {answer.tag}


THANKS: Mapping[bool, str] = {
    True: "Thanks. I'll lean your first weeks towards that. Change it any time with "
    "`/network-settings focus …`.",
    False: "No problem. You can tell me later with `/network-settings focus …`.",
}
