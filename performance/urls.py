from django.urls import path

from performance import views

app_name = "performance"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("progress/", views.progress, name="progress"),
    path("priorities/<int:pk>/", views.priority, name="priority"),
    path("priorities/<int:pk>/data.csv", views.download_priority, name="priority_csv"),
    path("metrics/<str:code>/", views.metric, name="metric"),
    path("metrics/<str:code>/data.csv", views.download_metric, name="metric_csv"),
    path("schedule/", views.schedule, name="schedule"),
    path("schedule.csv", views.download_schedule, name="schedule_csv"),
    path("maps/", views.maps, name="maps"),
    path("data.csv", views.download_all, name="data_csv"),
    path("areas/", views.areas, name="areas"),
]
