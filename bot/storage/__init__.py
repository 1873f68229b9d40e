"""Storage: SQLAlchemy 2 (async) tables, the database handle and queries. SQLite or PostgreSQL."""
