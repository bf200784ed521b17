from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path("imports/<int:pk>/apply/", views.import_apply, name="import_apply"),
    path("review/", views.verdict_review_page, name="review"),
]
