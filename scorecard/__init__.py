"""The balanced scorecard: metrics, their figures (with revisions and breakdowns),
targets, comparators, recorded and calculated verdicts.

- ``domain/``: the pure assessment engine (no database), DESIGN.md section 3;
- ``calculation.py``: the one module that runs it on the database's figures;
- ``services/``: every write (figures and submissions, proposals, targets,
  comparators, ``bulk.py`` for imports, ``verdicts.py`` storing the verdicts);
- ``selectors.py``: every read, and who may see which figures;
- ``permissions.py`` and ``workflow.py``: who may take each step;
- ``views/`` (pages) and ``api/`` (the REST API), by resource."""
