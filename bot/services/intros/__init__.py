"""Intro rounds as use cases: what admins and members choose (:mod:`.choices`) and a round's
steps as the scheduler runs them (:mod:`.rounds`); the intro as a member's nudge is
:mod:`bot.services.intro_nudges`, beside delivery. The rules are in :mod:`bot.intros`."""
