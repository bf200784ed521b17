"""A list page written from ``values()`` rows instead of model instances
(``ListRows``): the same JSON as the serializer's, without building a model per
row. The metrics and values lists use it."""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

# Serializer fields whose output is the column's value as the database gives it
# (text, choices, integers, booleans, JSON, a foreign key's id), and those whose
# output the field works out from it (decimals as text to their places, times in
# the council's zone).
AS_READ = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.IntegerField,
    serializers.JSONField,
    serializers.PrimaryKeyRelatedField,
)
WORKED_OUT = (serializers.DateTimeField, serializers.DecimalField)


class PagedRows:
    """What the paginator pages: the rows' page, and the queryset's count without
    the joins the rows' columns add (an inner join to metrics made counting
    20,000 values take twice as long)."""

    def __init__(self, queryset: QuerySet[Any], rows: QuerySet[Any]) -> None:
        self.queryset = queryset
        self.rows = rows
        self.ordered = rows.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index: slice) -> QuerySet[Any]:
        return self.rows[index]


class ListRows:
    """A read-only ModelSerializer's output for a list page, written from
    ``values()`` rows instead of model instances: the same JSON, field by field and
    in the same order, without building a model and calling every field for every
    row (most of a big list's time: issue 14, 2,000 metrics).

    Each field reads one column along its source ("metric.code" reads
    metric__code; a foreign key gives its id). The fields named in ``supplied``
    have no column: the view works out their values from each row.
    """

    def __init__(
        self,
        serializer_class: type[serializers.ModelSerializer[Any]],
        *,
        supplied: tuple[str, ...] = (),
    ) -> None:
        self.serializer_class = serializer_class
        self.supplied = supplied

    @cached_property
    def fields(self) -> list[tuple[str, str | None, Callable[[Any], Any] | None]]:
        """(name, column or None if supplied, how its value is written or None)."""
        fields = []
        for name, field in self.serializer_class().fields.items():
            if name in self.supplied:
                fields.append((name, None, None))
            elif isinstance(field, WORKED_OUT):
                fields.append(
                    (name, "__".join(field.source_attrs), field.to_representation)
                )
            elif isinstance(field, AS_READ):
                fields.append((name, "__".join(field.source_attrs), None))
            else:
                raise TypeError(
                    f"{name}: {type(field).__name__} is not read as a column"
                )
        return fields

    def rows(self, queryset: QuerySet[Any], *extra: str) -> PagedRows:
        """The queryset's rows as the columns the fields read, and ``extra``, for
        the paginator."""
        columns = [column for _, column, _ in self.fields if column is not None]
        return PagedRows(
            queryset, queryset.prefetch_related(None).values(*columns, *extra)
        )

    def data(
        self,
        rows: list[dict[str, Any]],
        **supplied: Callable[[dict[str, Any]], Any],
    ) -> list[dict[str, Any]]:
        written = []
        for row in rows:
            item: dict[str, Any] = {}
            for name, column, write in self.fields:
                if column is None:
                    item[name] = supplied[name](row)
                else:
                    value = row[column]
                    item[name] = (
                        value if value is None or write is None else write(value)
                    )
            written.append(item)
        return written
