from django.urls import path

from hub import views

app_name = "hub"
urlpatterns = [
    path("", views.index, name="index"),
    path("metrics/", views.metric_library, name="metric_library"),
    path("new/", views.page_create, name="page_create"),
    path("<slug:slug>/", views.page, name="page"),
    path("<slug:slug>/edit/", views.page_edit, name="page_edit"),
    path("<slug:slug>/history/", views.page_history, name="page_history"),
]
