"""The product's one way of writing dates where people read them (issue 18).

Django reads these over its own en-GB formats (``FORMAT_MODULE_PATH`` in the
settings): ``{{ day }}``, ``{{ day|date }}`` and ``{{ moment|date:"DATETIME_FORMAT" }}``
all follow them. Only the formats people read are set here; what forms accept is
Django's as before.
"""

DATE_FORMAT = "j F Y"  # 2 December 2026
DATETIME_FORMAT = "j F Y, H:i"  # 2 December 2026, 14:30
TIME_FORMAT = "H:i"  # 14:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 2 December
