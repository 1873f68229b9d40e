"""Date arithmetic in SQL, spelled for SQLite and for PostgreSQL, so grouping by week or month
happens in the database.

- ``day_number(d)``: whole days from Monday 3 January 2000 to the date ``d``; a week is
  ``day_number // 7`` (Monday to Sunday), the same on both databases and in :func:`day_number_of`.
- ``month_of(d)``: the month of a date, or of a stored instant in UTC, as text ``YYYY-MM``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from bot.storage.tables import UTCDateTime

EPOCH = date(2000, 1, 3)  # a Monday


def day_number_of(day: date) -> int:
    """What :class:`day_number` gives for ``day`` in the database."""
    return (day - EPOCH).days


class day_number(FunctionElement[int]):  # named like the SQL function it is
    type = Integer()
    inherit_cache = True
    name = "day_number"


class month_of(FunctionElement[str]):
    type = String()
    inherit_cache = True
    name = "month_of"


def _only(element: FunctionElement[Any], compiler: SQLCompiler, **kw: Any) -> str:
    (argument,) = element.clauses
    return compiler.process(argument, **kw)


@compiles(day_number, "sqlite")
def _day_number_sqlite(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps a Date as ISO text; julianday reads it.
    return f"CAST(julianday({_only(element, compiler, **kw)}) - julianday('{EPOCH}') AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element: day_number, compiler: SQLCompiler, **kw: Any) -> str:
    return f"({_only(element, compiler, **kw)} - DATE '{EPOCH}')"


@compiles(month_of, "sqlite")
def _month_sqlite(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    return f"strftime('%Y-%m', {_only(element, compiler, **kw)})"


@compiles(month_of, "postgresql")
def _month_postgresql(element: month_of, compiler: SQLCompiler, **kw: Any) -> str:
    (argument,) = element.clauses
    text = _only(element, compiler, **kw)
    if isinstance(argument.type, DateTime | UTCDateTime):
        text = f"({text} AT TIME ZONE 'UTC')"  # a stored instant: its month in UTC
    return f"to_char({text}, 'YYYY-MM')"
