from scorecard.views.entry import (
    approvals,
    metric_propose,
    my_updates,
    submission_detail,
    submission_new,
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
    "metric_decide",
    "metric_detail",
    "metric_list",
    "metric_propose",
    "my_updates",
    "plan_scorecard",
    "plan_scorecard_current",
    "submission_detail",
    "submission_new",
    "target_decide",
    "target_propose",
]
