"""``/network-admin``'s digest day and intro rounds, offered as lists so only the time and zone
can be mistyped."""

from __future__ import annotations

from discord import app_commands

from bot.vocabulary import DAY_FULL_NAMES, DAY_NAMES

OFF = "off"
DIGEST_DAYS = [
    *(app_commands.Choice(name=n, value=v) for n, v in zip(DAY_FULL_NAMES, DAY_NAMES, strict=True)),
    app_commands.Choice(name="Off (no weekly digest)", value=OFF),
]

#: ``intros``: how often rounds run (the day is ``intros_day``, Monday unless chosen).
INTROS_WEEKLY, INTROS_FORTNIGHTLY = "weekly", "every 2 weeks"
INTRO_RHYTHMS = [
    app_commands.Choice(name="Weekly", value=INTROS_WEEKLY),
    app_commands.Choice(name="Every 2 weeks", value=INTROS_FORTNIGHTLY),
    app_commands.Choice(name="Off (no intro rounds)", value=OFF),
]
INTRO_DAYS = DIGEST_DAYS[:-1]
#: ``/network-intros``: in, out, or a pause.
INTRO_CHOICES = [
    app_commands.Choice(name="On: pair me with a teammate", value="on"),
    app_commands.Choice(name="Off", value="off"),
    app_commands.Choice(name="Pause (for pause_for, 2 weeks unless given)", value="paused"),
]
