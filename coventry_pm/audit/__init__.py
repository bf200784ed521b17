"""Who opened what: the access events kept for the audit (``services.py`` records
them, ``selectors.py`` reads them), their page, and their deletion after
ACCESS_AUDIT_RETENTION_DAYS. Imports no domain app."""
