from scorecard.views.benchmarks import priority_benchmarks_view
from scorecard.views.dashboards import plan_dashboard, service_dashboard
from scorecard.views.entry import (
    approvals,
    metric_propose,
    my_updates,
    submission_detail,
    submission_new,
)
from scorecard.views.groups import (
    group_create,
    group_detail,
    group_edit,
    group_list,
    group_version_confirm,
    group_version_remove,
    group_version_upload,
    metric_primary_group,
)
from scorecard.views.pages import (
    metric_detail,
    metric_list,
    plan_scorecard,
    plan_scorecard_current,
)
from scorecard.views.proposals import (
    comment_add,
    metric_decide,
    target_decide,
    target_propose,
)

__all__ = [
    "approvals",
    "comment_add",
    "group_create",
    "group_detail",
    "group_edit",
    "group_list",
    "group_version_confirm",
    "group_version_remove",
    "group_version_upload",
    "metric_decide",
    "metric_detail",
    "metric_list",
    "metric_primary_group",
    "metric_propose",
    "my_updates",
    "plan_dashboard",
    "plan_scorecard",
    "plan_scorecard_current",
    "priority_benchmarks_view",
    "service_dashboard",
    "submission_detail",
    "submission_new",
    "target_decide",
    "target_propose",
]
