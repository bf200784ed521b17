from django.urls import path

from scorecard import views

app_name = "scorecard"
urlpatterns = [
    path("metrics/", views.metric_list, name="metric_list"),
    path("metrics/propose/", views.metric_propose, name="metric_propose"),
    path("metrics/<str:code>/", views.metric_detail, name="metric"),
    path("metrics/<str:code>/decide/", views.metric_decide, name="metric_decide"),
    path("metrics/<str:code>/comments/", views.comment_add, name="comment_add"),
    path(
        "metrics/<str:code>/targets/propose/",
        views.target_propose,
        name="target_propose",
    ),
    path(
        "metrics/<str:code>/enter/<str:period>/",
        views.submission_new,
        name="submission_new",
    ),
    path("targets/<int:pk>/decide/", views.target_decide, name="target_decide"),
    path("my-updates/", views.my_updates, name="my_updates"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("approvals/", views.approvals, name="approvals"),
    path("dashboards/service/", views.service_dashboard, name="service_dashboard"),
    path("dashboards/plan/", views.plan_dashboard, name="plan_dashboard"),
    path("scorecard/", views.plan_scorecard_current, name="scorecard_current"),
    path("plans/<int:pk>/scorecard/", views.plan_scorecard, name="scorecard"),
    # Benchmarking (issue 19): the view per priority.
    path(
        "priorities/<int:pk>/benchmarking/",
        views.priority_benchmarks_view,
        name="priority_benchmarks",
    ),
]
