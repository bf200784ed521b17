"""The plan and what delivers it: plan versions, priorities, objectives, key
strategies with their story of change, action plans, actions and their progress
updates (``workflow.py``: submitted, approved or returned), case studies."""
