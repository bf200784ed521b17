from django.urls import path

from strategies import views

app_name = "strategies"
urlpatterns = [
    path("plan/", views.plan_current, name="plan_current"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("strategies/", views.strategy_list, name="strategy_list"),
    path("strategies/<int:pk>/", views.strategy_detail_view, name="strategy"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("updates/<int:pk>/review/", views.update_review, name="update_review"),
]
