"""People and the organisation: users and their roles, directorates, services,
teams and portfolios; sign-in (with single sign-on and two-factor codes), recovery
codes; and ``permissions.py``, the rules about people and membership only (who is a
member, who manages which team). Rules about metrics or actions live in those apps'
own ``permissions.py``. Imports no domain app."""
