"""One exception hierarchy for the product's own refusals (STYLE.md rule 8)."""


class ApplicationError(Exception):
    """A rule of the product refused an operation; the message is for people."""

    def __init__(self, message: str, *, extra: dict[str, object] | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    pass


class ConflictError(ApplicationError):
    """A write was based on a stale version of the record."""


class NotFoundError(ApplicationError):
    """A record named in a request does not exist, or is hidden from the person
    asking (the two answer alike)."""
