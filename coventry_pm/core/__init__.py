"""Shared bits every app uses, and nothing about councils' performance: the one
error adapter (``errors.py``: a service's refusal on a page or in the API), the
exceptions services raise (``exceptions.py``), versions for concurrent edits
(``concurrency.py``), the API's shared permissions and helpers (``api.py``), the
history and change log (``history.py``), the to-do list apps register with
(``todo.py``), results built once per version of the data (``cache.py``), the
health check, middleware, error pages and task failures. Imports no domain app."""
