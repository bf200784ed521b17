"""The areas upload page: the performance administrator's alone; a file with any
problem changes nothing and says what is wrong, field by field."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from performance.models import Area, AreaLayout

pytestmark = pytest.mark.django_db

URL = "/performance/areas/"


def upload(client, content: bytes, name: str = "wards.csv", **fields: str):
    return client.post(
        URL,
        {
            "breakdown": "ward",
            "name": "Wards",
            "name_property": "",
            **fields,
            "file": SimpleUploadedFile(name, content),
        },
    )


def test_the_url_is_stable():
    assert reverse("performance:areas") == URL


def test_it_requires_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "who", ["officer", "manager", "cabinet_member", "councillor", "partner", "hr"]
)
def test_only_the_performance_administrator_may_upload(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert upload(client, b"name,column,row\nA,0,0\n").status_code == 403
    assert not AreaLayout.objects.exists()


def test_a_hex_layout_is_saved(client, insight):
    client.force_login(insight)
    response = upload(client, b"name,column,row\nCanalside,0,0\nSpon Gate,1,0\n")
    assert response.status_code == 302
    layout = AreaLayout.objects.get()
    assert (layout.breakdown, layout.kind, layout.uploaded_by) == (
        "ward",
        AreaLayout.Kind.HEXAGONS,
        insight,
    )
    assert list(layout.areas.values_list("name", "column", "row")) == [
        ("Canalside", 0, 0),
        ("Spon Gate", 1, 0),
    ]
    page = client.get(URL).content.decode()
    assert "2 areas saved" in page


def test_boundaries_are_saved(client, insight):
    client.force_login(insight)
    ring = [[-1.5, 52.4], [-1.49, 52.4], [-1.49, 52.41], [-1.5, 52.41], [-1.5, 52.4]]
    geojson = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"ward": "Canalside"},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            ],
        }
    ).encode()
    response = upload(client, geojson, "wards.geojson", name_property="ward")
    assert response.status_code == 302
    area = Area.objects.get()
    assert area.geometry == [[ring]]
    assert area.layout.kind == AreaLayout.Kind.BOUNDARIES


def test_a_file_with_problems_changes_nothing_and_says_why(client, insight):
    client.force_login(insight)
    upload(client, b"name,column,row\nCanalside,0,0\n")
    response = upload(client, b"name,column,row\nSpon Gate,0,0\nSwanswell,x,1\n,2,2\n")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Line 3, column: “x” is not a whole number." in html
    assert "Line 4, name: the area has no name." in html
    assert 'id="id_file-error"' in html
    # All or nothing: the earlier layout is untouched.
    assert list(Area.objects.values_list("name", flat=True)) == ["Canalside"]


def test_a_form_without_a_file_is_refused_with_a_field_error(client, insight):
    client.force_login(insight)
    response = client.post(URL, {"breakdown": "ward"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()


def test_a_new_file_replaces_the_areas_and_keeps_history(client, insight):
    client.force_login(insight)
    upload(client, b"name,column,row\nCanalside,0,0\n", "first.csv")
    upload(client, b"name,column,row\nSpon Gate,0,0\nSwanswell,1,0\n", "second.csv")
    layout = AreaLayout.objects.get()
    assert sorted(layout.areas.values_list("name", flat=True)) == [
        "Spon Gate",
        "Swanswell",
    ]
    assert [h.file_name for h in layout.history.order_by("history_id")] == [
        "first.csv",
        "second.csv",
    ]
