"""The shipped content catalog: TOML data files read by :mod:`bot.catalog`."""
