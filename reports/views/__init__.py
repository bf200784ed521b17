"""Pages of the reports app: imports and verdict review (imports.py), the annual
report (annual.py)."""
