"""Who reads benchmarking (groups, places, member figures, standings):
scorecard.permissions.may_read_benchmarking, shared by the group pages and the API."""

import pytest
from django.contrib.auth.models import AnonymousUser

from scorecard.permissions import may_read_benchmarking


@pytest.mark.parametrize(
    ("person", "may_read"),
    [
        ("employee", True),
        ("officer", True),
        ("manager", True),
        ("hr", True),
        ("insight", True),
        ("cabinet_member", True),
        ("councillor", True),
        ("partner", False),
        ("no_role_user", False),
    ],
)
def test_who_reads_benchmarking(request, person, may_read):
    assert may_read_benchmarking(request.getfixturevalue(person)) is may_read


def test_an_inactive_account_or_anonymous_reads_no_benchmarking(db, officer):
    officer.is_active = False
    assert not may_read_benchmarking(officer)
    assert not may_read_benchmarking(AnonymousUser())
