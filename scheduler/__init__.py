"""APScheduler wiring: the tick that delivers due nudges and the weekly digest (issue #4).

The delivery logic itself is in :mod:`bot.services.delivery`; this package only decides when to
call it, so the core never imports APScheduler.
"""
