from django.urls import path

from scorecard import views

app_name = "scorecard"
urlpatterns = [
    path("metrics/", views.metric_list, name="metric_list"),
    path("metrics/<str:code>/", views.metric_detail, name="metric"),
    path("scorecard/", views.plan_scorecard_current, name="scorecard_current"),
    path("plans/<int:pk>/scorecard/", views.plan_scorecard, name="scorecard"),
]
