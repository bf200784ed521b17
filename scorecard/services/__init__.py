"""Writes for the scorecard. Views, the API, commands, imports, the demo and tasks
call these; none of them holds the rules.

- ``values``: a figure recorded as the next revision.
- ``targets``: a target rule set from its text.
- ``submissions``: enter, submit, approve, return.
- ``proposals``: propose, endorse, agree and withdraw metrics and targets;
  comments.
- ``verdicts``: the stored calculated verdicts, refreshed when an input changes.
"""

from scorecard.services.proposals import (
    comment_add,
    metric_agree,
    metric_endorse,
    metric_propose,
    metric_withdraw,
    proposal_team_id,
    target_agree,
    target_endorse,
    target_propose,
    target_withdraw,
)
from scorecard.services.submissions import (
    BreakdownEntry,
    submission_approve,
    submission_return,
    submission_save,
    submission_submit,
)
from scorecard.services.targets import target_fields, target_set
from scorecard.services.values import STORED_PLACES, metric_value_record

__all__ = [
    "STORED_PLACES",
    "BreakdownEntry",
    "comment_add",
    "metric_agree",
    "metric_endorse",
    "metric_propose",
    "metric_value_record",
    "metric_withdraw",
    "proposal_team_id",
    "submission_approve",
    "submission_return",
    "submission_save",
    "submission_submit",
    "target_agree",
    "target_endorse",
    "target_fields",
    "target_propose",
    "target_set",
    "target_withdraw",
]
