"""The Slack adapter: a Bolt AsyncApp that translates Slack payloads into core use-case calls.

``nudgebot run slack`` starts it (:mod:`adapters.slack.app`). Block Kit, Slack ids and Slack errors
stay inside this package; the core only ever sees :class:`~bot.ports.MemberRef` and neutral views.
"""
