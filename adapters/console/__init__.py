"""The terminal adapter: ``nudgebot demo``, and the in-memory bot the tests drive."""
