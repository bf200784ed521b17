from django.urls import path

from coventry_pm.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.access_event_list, name="access_event_list"),
]
