from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "coventry_pm.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisation"

    def ready(self) -> None:
        from coventry_pm.accounts.roles import sync_roles

        post_migrate.connect(sync_roles, dispatch_uid="accounts.sync_roles")
