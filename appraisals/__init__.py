"""Appraisals: each employee's year, their objectives linked to the plan, ratings
against the council's values and behaviours, one-to-ones, the mid-year and
year-end reviews and sign-off (``workflow.py``), reminders, and the completion
figures the scorecard reads (never the content)."""
