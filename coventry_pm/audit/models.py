"""Who reached what: sign-ins, failed sign-ins, two-factor steps, role changes and
exports of data, each with who, when and from where. Rows are only ever added,
and deleted once older than ACCESS_AUDIT_RETENTION_DAYS (audit.tasks)."""

from django.conf import settings
from django.db import models


class AccessEvent(models.Model):
    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        LOCKED_OUT = "locked_out", "Sign-in refused (locked out)"
        SIGN_OUT = "sign_out", "Signed out"
        TWO_FACTOR_FAILED = "two_factor_failed", "Two-factor code refused"
        TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Two-factor sign-in set up"
        TWO_FACTOR_REMOVED = "two_factor_removed", "Two-factor sign-in removed"
        ROLE_ADDED = "role_added", "Role given"
        ROLE_REMOVED = "role_removed", "Role taken away"
        EXPORT = "export", "Data exported"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, db_index=True)
    # The person the event is about (who signed in, whose role changed, who
    # exported); the username as typed for a failed sign-in, which may name nobody.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_events",
    )
    username = models.CharField(max_length=150, blank=True, db_index=True)
    # Who did it, where that is someone else (the administrator who changed a role).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "username", "ip_address", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"
