"""The annual report and open data.

- ``annual/``: the report's frozen content, charts (SVG) and PDF;
- ``services/annual.py``: runs (on Celery, ``tasks.py``), approval, publication and
  the open-data commit; ``workflow.py``: who approves and publishes;
- ``opendata/``: the council's wide CSV and the tidy format, read and written, with
  the import's preview, apply and undo (``services/imports.py``)."""
