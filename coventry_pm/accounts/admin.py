from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from coventry_pm.accounts.models import Directorate, Portfolio, Service, Team, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "job_title", "team", "line_manager")
    list_filter = ("groups", "is_active", "team__service")
    list_select_related = ("team__service", "line_manager")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Organisation", {"fields": ("job_title", "team", "line_manager")}),
    )
    autocomplete_fields = ("team", "line_manager")


@admin.register(Directorate)
class DirectorateAdmin(admin.ModelAdmin):
    list_display = ("name", "director")
    search_fields = ("name",)


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ("name", "directorate", "head")
    list_filter = ("directorate",)
    search_fields = ("name",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "service", "manager")
    list_filter = ("service__directorate", "service")
    list_select_related = ("service", "manager")
    search_fields = ("name", "service__name")


@admin.register(Portfolio)
class PortfolioAdmin(admin.ModelAdmin):
    list_display = ("name", "cabinet_member")
    search_fields = ("name",)
