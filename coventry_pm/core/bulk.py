"""Writing many validated rows into one table at once.

PostgreSQL gets COPY (the fastest way in, by far); SQLite one prepared INSERT run
with executemany; other databases bulk_create. Rows are validated by the caller
before they get here: this only writes. Columns the caller does not name get their
model defaults, as bulk_create would give them. Generic: it knows no domain app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone

COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"
_LINES_PER_WRITE = 5000


def copies() -> bool:
    """Whether rows are written as lines of COPY's text format (PostgreSQL)."""
    return connection.vendor == "postgresql"


def copy_text(value: object) -> str:
    """A value in COPY's text format."""
    if value is None:
        return NULL
    if value.__class__ is str:
        return value.translate(COPY_ESCAPES)
    if isinstance(value, str):  # a choice (TextChoices) is a str of its value
        return str(value).translate(COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    raise TypeError(f"cannot COPY a {type(value).__name__}")


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[object, ...]]
) -> None:
    """Insert ``rows`` (tuples in the order of ``fields``) into ``model``'s table."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        copy_lines(model, fields, ["\t".join(map(copy_text, row)) for row in rows])
    elif connection.vendor == "sqlite":
        _execute_many(model, fields, rows)
    else:
        model._default_manager.bulk_create(
            [model(**dict(zip(fields, row, strict=True))) for row in rows],
            batch_size=1000,
        )


@contextmanager
def row_writer(
    model: type[models.Model],
    fields: Sequence[str],
    batch_size: int = 5000,
    *,
    references: Mapping[str, Collection[int | None]] | None = None,
) -> Iterator[Callable[[Any], None]]:
    """A function that takes rows to insert into ``model``: on PostgreSQL, lines of
    COPY's text format (the values of ``fields``, tab-separated, escaped with
    copy_text, no line end), streamed through one COPY that stays open, so the
    database stores rows while the caller prepares the next; elsewhere, tuples in
    the order of ``fields``, written in batches. The caller must not query the
    database while the writer is open.

    ``references`` (PostgreSQL): for every foreign key the rows fill, every id they
    use. The keys are then checked once each, up front, the way PostgreSQL's own
    check does it (the row must exist; it is locked FOR KEY SHARE until the
    transaction ends, so it cannot be deleted under the new rows), instead of
    once per row: a million figures of a few hundred metrics are a few hundred
    checks, not a million. Where the database role may not skip the per-row
    checks, or a foreign key is not covered, the rows are checked as usual.
    """
    buffer: list[Any] = []
    if connection.vendor != "postgresql":

        def add_row(row: Any) -> None:
            buffer.append(row)
            if len(buffer) >= batch_size:
                insert_rows(model, fields, buffer)
                buffer.clear()

        yield add_row
        insert_rows(model, fields, buffer)
        return
    sql, tail = _copy_statement(model, fields)
    with transaction.atomic(), connection.cursor() as cursor:
        checked = references is not None and _checked_once(model, fields, references)
        with cursor.cursor.copy(sql) as copy:

            def add_line(line: Any) -> None:
                buffer.append(line)
                if len(buffer) >= batch_size:
                    copy.write(tail.join(buffer) + tail)
                    buffer.clear()

            yield add_line
            if buffer:
                copy.write(tail.join(buffer) + tail)
        if checked:
            cursor.execute("SET LOCAL session_replication_role = origin")


def _foreign_keys(model: type[models.Model]) -> dict[str, models.ForeignKey[Any, Any]]:
    """The model's foreign keys, by attribute name ("metric_id")."""
    return {
        field.attname: field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
    }


def _checked_once(
    model: type[models.Model],
    fields: Sequence[str],
    references: Mapping[str, Collection[int | None]],
) -> bool:
    """Check and lock each referenced row once, then switch off the per-row
    checks for this transaction's next statement. False (nothing switched off)
    when a foreign key the rows fill is not covered or the role may not."""
    named = {_field_attname(model, name): name for name in fields}
    keys = _foreign_keys(model)
    for attname, field in keys.items():
        if attname in named and attname not in references:
            return False
        if attname not in named and field.get_default() is not None:
            return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for attname, ids in references.items():
            field = keys[attname]
            wanted = sorted({int(pk) for pk in ids if pk is not None})
            if not wanted:
                continue
            related = field.related_model
            assert isinstance(related, type)
            target = related._meta
            table, key = quote(target.db_table), quote(str(target.pk.column))
            # Table and column names come from the model, never from a file.
            cursor.execute(
                f"SELECT {key} FROM {table} WHERE {key} = ANY(%s) FOR KEY SHARE",  # noqa: S608
                [wanted],
            )
            found = {row[0] for row in cursor.fetchall()}
            missing = [pk for pk in wanted if pk not in found]
            if missing:
                raise IntegrityError(
                    f"{model._meta.db_table}.{attname} refers to missing "
                    f"{target.db_table} rows: {missing[:10]}"
                )
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            return False
    return True


def _field_attname(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "attname", name))


def copy_lines(
    model: type[models.Model], fields: Sequence[str], lines: Sequence[str]
) -> None:
    """COPY lines already in the text format into ``model``'s table (PostgreSQL)."""
    if not lines:
        return
    sql, tail = _copy_statement(model, fields)
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for start in range(0, len(lines), _LINES_PER_WRITE):
            copy.write(tail.join(lines[start : start + _LINES_PER_WRITE]) + tail)


def _execute_many(
    model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple[object, ...]]
) -> None:
    """One prepared INSERT for all rows (SQLite). Decimals are adapted by the
    driver as Django registers them; dates and times as Django stores them."""
    quote = connection.ops.quote_name
    others, defaults = _defaults(model, fields)
    names = [_column(model, f) for f in fields] + [str(f.column) for f in others]
    # Table and column names come from the model, never from a file.
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(n) for n in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    adapt = connection.ops.adapt_datetimefield_value
    tail = tuple(adapt(v) if isinstance(v, dt.datetime) else v for v in defaults)
    params: list[Any] = [
        tuple(adapt(v) if isinstance(v, dt.datetime) else v for v in row) + tail
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _copy_statement(
    model: type[models.Model], fields: Sequence[str]
) -> tuple[str, str]:
    quote = connection.ops.quote_name
    others, defaults = _defaults(model, fields)
    names = [_column(model, f) for f in fields] + [str(f.column) for f in others]
    columns = ", ".join(quote(name) for name in names)
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    tail = "".join("\t" + copy_text(value) for value in defaults) + "\n"
    return sql, tail


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.column)


def _defaults(
    model: type[models.Model], fields: Sequence[str]
) -> tuple[list[models.Field[Any, Any]], tuple[object, ...]]:
    named = set(fields)
    others: list[models.Field[Any, Any]] = []
    values: list[object] = []
    for field in model._meta.concrete_fields:
        if field.name in named or field.attname in named or field.primary_key:
            continue
        others.append(field)
        if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            values.append(timezone.now())
        else:
            values.append(field.get_default())
    return others, tuple(values)
