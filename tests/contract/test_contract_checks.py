"""The contract checks catch what they are for: run on a deliberately broken API
(tests/contract/broken_urls.py), a server error and a body that does not match its
schema fail them; a refusal (403) passes."""

import pytest
import schemathesis
from schemathesis.core.failures import FailureGroup

from tests.contract.helpers import application, call_as_each, served_schema

pytestmark = pytest.mark.django_db

BROKEN_URLS = "tests.contract.broken_urls"
NOBODY = {"nobody": None}


@pytest.fixture
def broken_api(settings):
    settings.ROOT_URLCONF = BROKEN_URLS
    schema = schemathesis.openapi.from_dict(served_schema(urlconf=BROKEN_URLS))
    schema.app = application()
    return schema


def test_a_server_error_fails_the_check(broken_api):
    case = broken_api["/api/v1/broken/"]["GET"].Case()
    with pytest.raises(FailureGroup) as failed:
        call_as_each(case, NOBODY)
    assert "ServerError" in {type(f).__name__ for f in failed.value.exceptions}
    assert "Called as: nobody" in failed.value.message


def test_a_body_that_does_not_match_its_schema_fails_the_check(broken_api):
    case = broken_api["/api/v1/wrong-shape/"]["GET"].Case()
    with pytest.raises(FailureGroup) as failed:
        call_as_each(case, NOBODY)
    assert {type(f).__name__ for f in failed.value.exceptions} == {"JsonSchemaError"}


def test_a_refusal_passes_the_check_documented_or_not(broken_api):
    case = broken_api["/api/v1/refusing/"]["GET"].Case()
    assert call_as_each(case, NOBODY) == []
