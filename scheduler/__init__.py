"""APScheduler wiring: the tick that delivers due nudges (and, later, the weekly digest).

The delivery logic lives in :mod:`bot.services.delivery`; this package only decides when to call
it, so the core never imports APScheduler.
"""
