from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "coventry_pm.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisation"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from coventry_pm.accounts.roles import sync_roles
        from coventry_pm.core.middleware import start_idle_clock

        post_migrate.connect(sync_roles, dispatch_uid="accounts.sync_roles")
        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts.idle_clock")
