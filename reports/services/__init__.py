"""Writes for the reports app: imports (imports.py) and the annual report
(annual.py)."""
