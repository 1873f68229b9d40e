"""Use cases: load what a rule needs, apply the pure rules, store the result, talk through ports.

Adapters call these with a :class:`~bot.services.context.Context` and a neutral
:class:`~bot.ports.MemberRef`; each returns a :class:`~bot.views.Reply` for the person who acted
(or None when the event was a platform retry already handled).
"""
