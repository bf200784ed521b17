"""Writes for the reports app: imports (imports.py), the annual report
(annual.py) and its commentary on each priority and directorate (narratives.py)."""
