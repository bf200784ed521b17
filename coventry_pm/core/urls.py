from django.urls import path

from coventry_pm.core import views

app_name = "core"
urlpatterns = [
    path("tasks/", views.task_failures, name="task_failures"),
    path("tasks/<int:pk>/", views.task_failure_act, name="task_failure_act"),
]
