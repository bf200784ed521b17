"""Filters refuse what they cannot read with a 400, never a server error."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "-3", "1.5"])
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/targets/", "portfolio"),
        ("/api/v1/actions/", "strategy"),
        ("/api/v1/appraisals/", "employee"),
    ],
)
def test_an_id_filter_out_of_range_is_a_400_not_a_server_error(
    client, hr, url, name, value
):
    client.force_login(hr)
    response = client.get(url, {name: value})
    assert response.status_code == 400
    assert name in response.json()
