import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

# The largest id either database can hold (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": LARGEST_ID})
class IdFilter(django_filters.NumberFilter):
    """A filter on a record's id: a whole number the database can hold, so any
    other value is a 400 with a message rather than an error in the database."""

    field_class = forms.IntegerField

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_ID)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
