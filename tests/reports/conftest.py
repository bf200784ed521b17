from pathlib import Path

import pytest

from tests.reports.helpers import NEWER, OLDER, sample_path


@pytest.fixture
def newer_sample() -> Path:
    """The newer council layout (2022-30 plan, report year 2024-25)."""
    return sample_path(NEWER)


@pytest.fixture
def older_sample() -> Path:
    """The older council layout (2016-24 plan, report year 2018-19)."""
    return sample_path(OLDER)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
