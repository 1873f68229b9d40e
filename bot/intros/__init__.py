"""Intros: opt-in pairs of teammates for a short conversation, as that day's challenge.

The family's pure rules live here, one module each: :mod:`.matching` (who meets whom in a round),
:mod:`.rhythm` (when a team's rounds fall and what admins and members type) and :mod:`.texts`
(what the bot says). Storage and sending are in :mod:`bot.services.intros`.
"""
