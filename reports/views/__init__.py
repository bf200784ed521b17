"""Pages of the reports app: imports and verdict review (imports.py), importing
other places' figures (benchmarks.py), the annual report (annual.py)."""
