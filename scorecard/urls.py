from django.urls import path

from scorecard import views

app_name = "scorecard"
urlpatterns = [
    path("metrics/", views.metric_list, name="metric_list"),
    path("metrics/propose/", views.metric_propose, name="metric_propose"),
    path("metrics/<str:code>/", views.metric_detail, name="metric"),
    path("metrics/<str:code>/decide/", views.metric_decide, name="metric_decide"),
    path(
        "metrics/<str:code>/primary-group/",
        views.metric_primary_group,
        name="metric_primary_group",
    ),
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
    # Comparator groups and their versions (issue 19)
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path(
        "groups/<int:pk>/versions/upload/",
        views.group_version_upload,
        name="group_version_upload",
    ),
    path(
        "groups/<int:pk>/versions/confirm/",
        views.group_version_confirm,
        name="group_version_confirm",
    ),
    path(
        "groups/<int:pk>/versions/<int:number>/remove/",
        views.group_version_remove,
        name="group_version_remove",
    ),
]
