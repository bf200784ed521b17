"""Applying a read file: each module takes one kind of thing the file states and
hands it to the scorecard's bulk services (scorecard.services.bulk).

- ``plans``: the plans, priorities and objectives the file names;
- ``metrics``: which metric each row is (found by code, or by name and unit, or
  created, with its kind of figure inferred from its cells);
- ``figures``: the metric's figures and its comparators' figures;
- ``facts``: a report year's targets, recorded verdicts, headline flags and the
  file's listing of the metric.

``context.ImportContext`` is what they share while one import runs.
"""
