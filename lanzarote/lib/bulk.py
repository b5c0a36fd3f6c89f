"""Inserting many rows at once without building a model instance for each.

`QuerySet.bulk_create` spends most of its time in Python: it builds a model per row, sends
pre-save signals' worth of field preparation and compiles one large statement per batch. For the
thousands of passages, links and search entries of one document, that was five times the cost of
the insert itself (docs/performance.md). `insert_rows` sends one parameterised statement through
the driver's `executemany` instead; the values must already be what the database stores (ids for
foreign keys, plain strings and numbers), and every column without a database default must be
given. Nothing here bypasses a transaction: the caller's atomic block holds the rows.
"""

from collections.abc import Iterable, Sequence
from typing import cast

from django.db import connections, router
from django.db.models import Field, Model


def insert_rows(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT each row (values in the order of `fields`, field names, not column names)."""
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(cast(Field, meta.get_field(name)).column or name) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"
    rows = list(rows)
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
