"""People, the roles they hold and the organisation they sit in.

Roles are data (one Django group per role, created by a migration); what each role
may do is code, in permissions.py, and denies by default.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    EMPLOYEE = "employee", "Employee"
    OFFICER = "officer", "Officer"
    MANAGER = "manager", "Manager"
    CABINET_MEMBER = "cabinet_member", "Cabinet member"
    COUNCILLOR = "councillor", "Councillor"
    PARTNER = "partner", "Partner"
    HR = "hr", "HR"
    PERFORMANCE_ADMIN = "performance_admin", "Performance administrator"


class Directorate(models.Model):
    name = models.CharField(max_length=200, unique=True)
    director = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directorates_led",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    directorate = models.ForeignKey(
        Directorate, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    head = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services_led",
        help_text="The manager responsible for the service.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["directorate", "name"], name="unique_service_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    manager = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams_managed",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="unique_team_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.service.name})"


class Portfolio(models.Model):
    """A cabinet member's area of responsibility (e.g. Housing and Communities)."""

    name = models.CharField(max_length=200, unique=True)
    cabinet_member = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="portfolios",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    job_title = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    line_manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="direct_reports",
    )

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_keys(self) -> frozenset[str]:
        """The roles this person holds, cached for the request."""
        cached: frozenset[str] | None = getattr(self, "_role_keys", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_keys = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return self.is_active and not self.role_keys.isdisjoint(roles)

    def line_management_chain(self) -> list["User"]:
        """Managers above this person, nearest first (stops on a loop)."""
        chain: list[User] = []
        seen = {self.pk}
        manager = self.line_manager
        while manager is not None and manager.pk not in seen:
            chain.append(manager)
            seen.add(manager.pk)
            manager = manager.line_manager
        return chain


class RecoveryCode(models.Model):
    """One unused two-factor recovery code of a person's recovery-code device,
    stored as a keyed hash (coventry_pm.accounts.recovery_codes); the code itself
    is shown once, when it is made, and kept nowhere. Used up (deleted) as it is
    accepted."""

    device = models.ForeignKey(
        "otp_static.StaticDevice",
        on_delete=models.CASCADE,
        related_name="recovery_codes",
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["device", "code_hash"], name="unique_recovery_code"
            )
        ]

    def __str__(self) -> str:
        return f"Recovery code of {self.device.user}"
