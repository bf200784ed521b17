from django.urls import path

from appraisals import views

app_name = "appraisals"
urlpatterns = [
    path("appraisals/", views.mine, name="mine"),
    path("appraisals/start/", views.start, name="start"),
    path("appraisals/team/", views.team, name="team"),
    path("appraisals/completion/", views.completion, name="completion"),
    path("appraisals/<int:pk>/", views.detail, name="detail"),
    path(
        "appraisals/<int:pk>/objectives/add/",
        views.objective_add,
        name="objective_add",
    ),
    path(
        "appraisals/objectives/<int:pk>/", views.objective_edit, name="objective_edit"
    ),
    path("appraisals/<int:pk>/ratings/", views.ratings, name="ratings"),
    path("appraisals/<int:pk>/development/", views.development, name="development"),
    path(
        "appraisals/<int:pk>/one-to-ones/add/",
        views.one_to_one_add,
        name="one_to_one_add",
    ),
    path(
        "appraisals/<int:pk>/agree-objectives/",
        views.agree_objectives,
        name="agree_objectives",
    ),
    path("appraisals/<int:pk>/review/<slug:stage>/", views.review, name="review"),
    path("appraisals/<int:pk>/sign-off/", views.sign_off, name="sign_off"),
]
