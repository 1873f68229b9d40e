"""Reading a free DM reply: did the member do today's challenge, or are they saying something else?

Only a claimed completion may log, so the reading leans towards "not done" or "unclear" whenever a
reply could go either way. The rules, first match wins:

1. Empty, or the first word is ``quit`` / ``exit`` / ``stop`` / ``unsubscribe`` / ``cancel``:
   UNCLEAR (never DONE; the bot asks, and its question says how to pause).
2. ``done: <note>``: DONE, keeping what follows the colon.
3. A whole reply in ``WHOLE_REPLIES`` ("yes", "y", "no", "not yet", "back", "later"…) answers the
   bot's "Did you get to it today?".
4. Emoji only: DONE if a done sign (✅ 👍 🎉…) and no ❌ / 👎; NOT_DONE if ❌ / 👎; else UNCLEAR.
5. The last sentence is a question (ends in "?" or opens with "how", "can I", "does"…): WORRY
   if it holds a worry cue ("what if…?"), SWAP if the reply asks for another challenge, else
   QUESTION.
6. The cue phrases of ``CUES`` are found, longest first. A done cue within ``NEGATION_SCOPE`` words
   after a negation in the same clause ("haven't done it", "not sent yet") counts as not done.
   Of the done / not-done cues, the last one wins: that is how "but" works ("I wanted to but I
   didn't", "it was scary but I did it"), since a clause ends at "but" and at punctuation.
   A last cue of DONE reads DONE, whatever else the reply says ("I did it but it was awkward").
7. Otherwise the first reading present in ``PRECEDENCE``: SWAP, RETURN, LATER, NOT_DONE, WORRY,
   then QUESTION for a question earlier in the reply; else UNCLEAR.

Words are lower-cased, ’ becomes ', letters repeated three times or more count once ("yesss"),
``TYPOS`` fixes common misspellings, and a word one edit away from a word of ``FUZZY_WORDS``
(``finsihed``, ``tomorow``) is read as that word. To teach it a phrase, add it to ``CUES`` (or
``NEUTRAL`` for a phrase that must not count, such as "didn't think"); ``{act}`` in a phrase
stands for each verb of ``ACTS``, and a leading ``^`` means "only as the first words".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import process
from rapidfuzz.distance import OSA


class Reading(StrEnum):
    DONE = "done"
    NOT_DONE = "not_done"
    LATER = "later"
    QUESTION = "question"
    WORRY = "worry"
    SWAP = "swap"
    RETURN = "return"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class Understood:
    reading: Reading
    #: For DONE: the note to keep (the whole reply, or what follows ``done:``); None for any
    #: other reading, and for a bare answer ("yes", ✅) that says nothing more.
    note: str | None = None


#: Verbs that follow "I'll", "gonna", "going to" in a plan.
ACTS = (
    "do", "try", "message", "ping", "call", "ring", "email", "text", "send", "get", "reach",
    "write", "contact", "ask", "have", "give", "talk", "speak", "catch", "dm", "drop",
)  # fmt: skip

CUES: dict[Reading, tuple[str, ...]] = {
    Reading.DONE: (
        "^yes", "^yep", "^yeah", "^yup", "^y", "did it", "i did", "did the thing", "did that",
        "did the small", "did the smaller", "did a smaller", "did the mini", "did the short",
        "did the quick", "did the two", "did the 2", "did the easy", "did the first step",
        "done", "finished", "completed", "managed it", "managed to", "nailed it", "tick",
        "ticked", "sent", "messaged", "emailed", "texted", "called", "rang", "phoned", "pinged",
        "dm'd", "reached out", "wrote", "connected", "introduced", "asked", "spoke", "talked",
        "chatted", "met", "caught up", "followed up", "thanked", "complimented", "commented",
        "shared", "tagged", "replied", "got a reply", "wrote back", "got back to me", "said yes",
        "said hi", "said hello", "went to", "went well", "went ok", "went fine", "went great",
        "she offered", "he offered", "they offered", "had coffee", "had a coffee", "had lunch",
        "had a", "coffee with", "lunch with", "drinks with", "coffee chat", "lovely chat",
        "good chat", "nice chat", "great chat", "quick chat", "grabbed", "✅", "✔", "☑", "👍",
        "🎉", "🙌", "💪", "🥳",
    ),
    Reading.NOT_DONE: (
        "^no", "^nope", "^nah", "didn't", "couldn't", "haven't", "hasn't", "can't", "cannot",
        "wasn't able", "not yet", "not done", "not today", "not this time", "never got",
        "never did", "never managed", "never sent", "forgot", "chickened out", "bottled",
        "lost my nerve", "wimped out", "no time", "ran out of time", "too busy",
        "slipped my mind", "missed it", "failed", "wasn't in", "wasn't there", "wasn't around",
        "didn't happen", "❌", "👎",
    ),
    Reading.LATER: (
        "later", "tomorrow", "tonight", "this afternoon", "this evening", "after lunch",
        "after work", "after school", "after my", "after the", "at lunch", "in a bit",
        "in a minute", "soon", "first thing", "next week", "on monday", "on tuesday",
        "on wednesday", "on thursday", "on friday", "on saturday", "on sunday", "for friday",
        "will do", "will try", "i will", "i'll {act}", "gonna {act}", "going to {act}",
        "planning to", "planning on", "plan to", "saving it",
    ),
    Reading.WORRY: (
        "what if", "scared", "scary", "afraid", "nervous", "anxious", "anxiety", "worried",
        "worry", "terrified", "dreading", "fraud", "imposter", "impostor", "awkward", "cringe",
        "embarrassing", "embarrassed", "needy", "pushy", "annoying", "bothering", "rejection",
        "shy", "self conscious", "comfort zone", "heart is pounding", "freaking out", "panic",
        "hate this", "terrible at", "not confident", "too important", "think i'm",
        "think it's weird", "won't remember", "😬", "😰", "😟",
    ),
    Reading.SWAP: (
        "different one", "different challenge", "something different", "something else",
        "anything else", "another one", "another challenge", "another option", "get another",
        "have another", "other challenge", "one more option", "other option", "alternative",
        "new one", "next one", "easier one", "harder one", "swap", "reroll", "change it",
        "change challenge", "doesn't apply", "not applicable", "doesn't fit", "isn't for me",
        "not for me", "not relevant", "isn't relevant", "doesn't work for me",
        "doesn't really work for me", "doesn't make sense for", "don't like this one",
        "not keen on this one", "done this one before", "done this before",
    ),
    Reading.RETURN: (
        "i'm back", "back now", "back from", "back after", "back at", "back on", "back in",
        "got back from", "been away", "been off", "off sick", "been swamped", "been busy",
        "been a while", "sorry been", "sorry for", "apologies for", "sorry i went quiet",
        "went quiet", "hi again", "hello again", "missed a few days", "long time no",
        "returning", "restarting", "i'm here now", "ghosting",
    ),
}  # fmt: skip

#: Phrases that hold a cue word but are no cue: matched first so their words count for nothing.
NEUTRAL = (
    "didn't think", "didn't expect", "never thought", "not gonna lie", "no idea", "no reply",
    "not sure", "no worries", "no problem", "he didn't", "she didn't", "they didn't",
    "hasn't replied", "haven't heard", "didn't hear back", "he's back", "she's back",
    "they're back", "when i'm back", "never met", "don't know",
)  # fmt: skip

#: Words that turn a done cue shortly after them into not done ("not sent yet").
NEGATORS = frozenset({"not", "never", "no", "wasn't", "isn't", "without"})
NEGATION_SCOPE = 3

#: A whole reply that answers "Did you get to it today?" (or says where the member is).
WHOLE_REPLIES = {
    **dict.fromkeys(("y", "yes", "yeah", "yep", "yup", "ya", "i did", "yes i did"), Reading.DONE),
    **dict.fromkeys(("n", "no", "nope", "nah", "not yet", "no not yet"), Reading.NOT_DONE),
    **dict.fromkeys(("later", "soon", "will do", "not yet but soon"), Reading.LATER),
    **dict.fromkeys(("back", "i'm back", "im back"), Reading.RETURN),
}

PRECEDENCE = (Reading.SWAP, Reading.RETURN, Reading.LATER, Reading.NOT_DONE, Reading.WORRY)

STOP_WORDS = frozenset({"quit", "exit", "stop", "unsubscribe", "cancel"})

#: Openings of a question that has no question mark.
QUESTION_OPENERS = (
    "how", "what", "who", "where", "why", "when", "which", "can i", "can you", "could i",
    "could you", "should i", "would", "do i", "do you", "does", "is it", "is a", "is there",
    "are", "am i", "any tips",
)  # fmt: skip

TYPOS = {
    "didnt": "didn't", "dint": "didn't", "didnt't": "didn't", "couldnt": "couldn't",
    "cudnt": "couldn't", "havent": "haven't", "hasnt": "hasn't", "wasnt": "wasn't",
    "isnt": "isn't", "doesnt": "doesn't", "dont": "don't", "cant": "can't", "wont": "won't",
    "im": "i'm", "ive": "i've", "dun": "done", "itt": "it", "tmrw": "tomorrow",
    "tmr": "tomorrow", "tmrow": "tomorrow", "tommorow": "tomorrow", "tommorrow": "tomorrow",
    "2moro": "tomorrow", "2morrow": "tomorrow", "tonite": "tonight", "l8r": "later",
    "dmd": "dm'd", "dmed": "dm'd", "yea": "yeah", "yeh": "yeah", "gna": "gonna",
}  # fmt: skip

#: Long cue words people mistype; a word one edit (or one swap of neighbours) away reads as one.
FUZZY_WORDS = (
    "finished", "completed", "tomorrow", "tonight", "messaged", "emailed", "different",
    "another", "nervous", "anxious", "worried", "terrified", "scared", "introduced",
    "connected", "managed", "reached", "returning", "challenge", "alternative",
)  # fmt: skip


def classify(text: str) -> Understood:
    """Read one free reply (see the module docstring for the rules). Never raises."""
    stripped = text.strip()
    if (note := _done_colon(stripped)) is not None:
        return Understood(Reading.DONE, note or None)
    reply = _read(stripped)
    plain = [w.text for w in reply.words if not _is_sign(w.text)]
    if not reply.words or (plain[:1] and plain[0] in STOP_WORDS):
        return Understood(Reading.UNCLEAR)
    reading = (
        WHOLE_REPLIES.get(" ".join(plain))
        or (None if plain else _signs_only(reply.words))
        or _question(reply)
        or _from_cues(reply)
    )
    # A bare "yes" or ✅ says nothing worth keeping; a sentence is the member's own note.
    keep = reading is Reading.DONE and bool(plain) and " ".join(plain) not in WHOLE_REPLIES
    return Understood(reading, stripped if keep else None)


def cues_in(text: str) -> list[tuple[Reading, str]]:
    """The cues found in ``text``, in order, after negation: for tests and for tuning."""
    return [(m.reading, m.phrase) for m in _matches(_read(text).words)]


# --- words --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    text: str
    #: Numbered from 0; a clause ends at punctuation and at "but" / "though" / "however".
    clause: int
    sentence: int


@dataclass(frozen=True)
class _Reply:
    words: list[_Word]
    #: For each sentence: whether it ends in "?".
    asked: list[bool]


_DONE_COLON = re.compile(r"^\s*done\s*:\s*(?P<note>.*)$", re.IGNORECASE | re.DOTALL)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_TOKEN = re.compile(r"\w+(?:'\w+)*|\S")
_REPEATS = re.compile(r"([a-z])\1{2,}")
_CLAUSE_ENDS = frozenset({",", ";", ":", "(", ")", "-", "–", "—", "but", "though", "however"})


def _done_colon(text: str) -> str | None:
    found = _DONE_COLON.match(text)
    return None if found is None else found["note"].strip()


def _is_sign(token: str) -> bool:
    return len(token) == 1 and unicodedata.category(token) == "So"


def _read(text: str) -> _Reply:
    """Words and emoji with their clause and sentence; spelling fixed, punctuation dropped."""
    lowered = text.lower().replace("’", "'").replace("‘", "'").replace("\ufe0f", "")
    lowered = _REPEATS.sub(r"\1", lowered)
    words: list[_Word] = []
    asked: list[bool] = []
    clause = 0
    for sentence in _SENTENCE.findall(lowered):
        tokens = _TOKEN.findall(sentence)
        if asked and not any(t[0].isalnum() for t in tokens):
            # emoji after the last stop ("sent! 🎉") belong to the sentence before
            words.extend(_Word(t, clause, len(asked) - 1) for t in tokens if _is_sign(t))
            continue
        if not any(t[0].isalnum() or _is_sign(t) for t in tokens):
            continue
        for token in tokens:
            if token in _CLAUSE_ENDS:
                clause += 1
            elif token[0].isalnum() or _is_sign(token):
                words.append(_Word(_spelling(token), clause, len(asked)))
        asked.append(sentence.rstrip().endswith("?"))
        clause += 1
    return _Reply(words, asked)


def _spelling(word: str) -> str:
    word = TYPOS.get(word, word)
    if len(word) < 5 or not word.isalpha() or word in _VOCABULARY:
        return word
    best = process.extractOne(word, FUZZY_WORDS, scorer=OSA.distance, score_cutoff=1)
    return word if best is None else best[0]


# --- reading ------------------------------------------------------------------------------------


def _signs_only(words: list[_Word]) -> Reading:
    signs = {w.text for w in words}
    if signs & {"❌", "👎", "✖"}:
        return Reading.NOT_DONE
    return Reading.DONE if signs & _DONE_SIGNS else Reading.UNCLEAR


def _question(reply: _Reply) -> Reading | None:
    """The reading of a reply whose last sentence asks something; None if it asks nothing."""
    last = len(reply.asked) - 1
    in_last = [w for w in reply.words if w.sentence == last]
    if not (reply.asked[last] or _opens_question(in_last)):
        return None
    if Reading.WORRY in {m.reading for m in _matches(in_last)}:
        return Reading.WORRY
    if Reading.SWAP in {m.reading for m in _matches(reply.words)}:
        return Reading.SWAP
    return Reading.QUESTION


def _opens_question(words: list[_Word]) -> bool:
    opening = " ".join(w.text for w in words[:2])
    if len(words) < 2 or opening.startswith("what if"):
        return False
    return any(opening == o or opening.startswith(o + " ") for o in QUESTION_OPENERS)


def _from_cues(reply: _Reply) -> Reading:
    found = _matches(reply.words)
    status = [m.reading for m in found if m.reading in (Reading.DONE, Reading.NOT_DONE)]
    if status and status[-1] is Reading.DONE:
        return Reading.DONE
    present = {m.reading for m in found}
    for reading in PRECEDENCE:
        if reading in present:
            return reading
    sentences = range(len(reply.asked))
    if any(
        reply.asked[s] or _opens_question([w for w in reply.words if w.sentence == s])
        for s in sentences
    ):
        return Reading.QUESTION
    return Reading.UNCLEAR


# --- cue matching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Match:
    reading: Reading
    phrase: str


def _matches(words: list[_Word]) -> list[_Match]:
    """Cue phrases in order, longest first at each word, with negation applied to done cues."""
    texts = [w.text for w in words]
    found: list[_Match] = []
    negations: list[_Word] = []
    i = 0
    while i < len(words):
        phrase, reading = _longest(texts, i)
        here = words[i]
        if reading is Reading.DONE and any(_negates(n, here, words) for n in negations):
            reading = Reading.NOT_DONE
        if reading is not None:
            found.append(_Match(reading, phrase))
        if reading is Reading.NOT_DONE or (not phrase and here.text in NEGATORS):
            negations.append(here)
        i += len(phrase.split()) or 1
    return found


def _negates(negation: _Word, word: _Word, words: list[_Word]) -> bool:
    distance = words.index(word) - words.index(negation)
    return negation.clause == word.clause and 0 < distance <= NEGATION_SCOPE


def _longest(words: list[str], i: int) -> tuple[str, Reading | None]:
    """The longest phrase of the tables at word ``i``; ("", None) when none starts there."""
    for length in range(min(_LONGEST, len(words) - i), 0, -1):
        candidate = " ".join(words[i : i + length])
        if i == 0 and "^" + candidate in _PHRASES:
            return candidate, _PHRASES["^" + candidate]
        if candidate in _PHRASES:
            return candidate, _PHRASES[candidate]
    return "", None


def _expand(phrase: str) -> list[str]:
    return [phrase.replace("{act}", act) for act in ACTS] if "{act}" in phrase else [phrase]


def _table() -> dict[str, Reading | None]:
    table: dict[str, Reading | None] = dict.fromkeys(NEUTRAL)
    for reading, phrases in CUES.items():
        for phrase in phrases:
            table.update(dict.fromkeys(_expand(phrase), reading))
    return table


_PHRASES = _table()
_LONGEST = max(len(p.split()) for p in _PHRASES)
_VOCABULARY = frozenset(w.lstrip("^") for p in _PHRASES for w in p.split()) | set(TYPOS.values())
_DONE_SIGNS = frozenset({"✅", "✔", "☑", "👍", "🎉", "🙌", "💪", "🥳"})
