import pytest

from scorecard.domain.vocabulary import (
    COUNCIL_CODE_FROM_PROGRESS,
    COUNCIL_CODE_FROM_TARGET_STATUS,
    COUNCIL_WORDS_FROM_PROGRESS,
    PROGRESS_FROM_COUNCIL_CODE,
    TARGET_STATUS_FROM_COUNCIL_CODE,
    Direction,
    Progress,
    TargetStatus,
    normalise_code,
    parse_council_progress,
    parse_council_target_status,
)


@pytest.mark.parametrize(
    ("progress", "key", "label", "symbol"),
    [
        (Progress.IMPROVED, "improved", "Improved", "✓"),
        (Progress.GOT_WORSE, "got_worse", "Got worse", "✗"),
        (Progress.SIMILAR, "similar", "Similar", "="),
        (Progress.CANNOT_SAY, "cannot_say", "Cannot say", "?"),
        (Progress.NOT_AVAILABLE, "not_available", "Not available", "○"),
    ],
)
def test_progress_key_label_and_symbol(
    progress: Progress, key: str, label: str, symbol: str
) -> None:
    assert progress == key
    assert progress.label == label
    assert progress.symbol == symbol


@pytest.mark.parametrize(
    ("status", "key", "label", "symbol"),
    [
        (TargetStatus.ON_TARGET, "on_target", "On target", "✓"),
        (TargetStatus.OFF_TARGET, "off_target", "Off target", "✗"),
        (TargetStatus.NO_TARGET, "no_target", "No target set", "○"),
        (TargetStatus.NOT_APPLICABLE, "not_applicable", "Target not applicable", "–"),
        (TargetStatus.NOT_AVAILABLE, "not_available", "Not available", "○"),
    ],
)
def test_target_status_key_label_and_symbol(
    status: TargetStatus, key: str, label: str, symbol: str
) -> None:
    assert status == key
    assert status.label == label
    assert status.symbol == symbol


def test_direction_keys() -> None:
    assert [d.value for d in Direction] == ["up", "down", "none"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 2022-30 layout codes, as written and as people mistype them
        ("BETTER", Progress.IMPROVED),
        ("better", Progress.IMPROVED),
        ("  Better ", Progress.IMPROVED),
        ("EQUALS", Progress.SIMILAR),
        ("WORSE", Progress.GOT_WORSE),
        ("CANT SAY", Progress.CANNOT_SAY),
        ("CAN'T SAY", Progress.CANNOT_SAY),
        ("cant-say", Progress.CANNOT_SAY),
        ("CANT  SAY", Progress.CANNOT_SAY),
        ("N/A", Progress.NOT_AVAILABLE),
        ("n/a", Progress.NOT_AVAILABLE),
        ("NA", Progress.NOT_AVAILABLE),  # the 2016-17 and 2017-18 files
        ("Stayed the same", Progress.SIMILAR),  # the 2017-18 half year
        # 2016-24 layout words
        ("Right direction", Progress.IMPROVED),
        ("right  direction", Progress.IMPROVED),
        ("Similar/unchanged", Progress.SIMILAR),
        ("Similar / unchanged", Progress.SIMILAR),
        ("Unchanged", Progress.SIMILAR),
        ("Wrong direction", Progress.GOT_WORSE),
        ("Wrong-direction", Progress.GOT_WORSE),
        ("Can't say", Progress.CANNOT_SAY),
        ("Can’t say", Progress.CANNOT_SAY),
        # our own keys and labels
        ("improved", Progress.IMPROVED),
        ("got_worse", Progress.GOT_WORSE),
        ("Got worse", Progress.GOT_WORSE),
        ("similar", Progress.SIMILAR),
        ("cannot_say", Progress.CANNOT_SAY),
        ("Not available", Progress.NOT_AVAILABLE),
        ("not_available", Progress.NOT_AVAILABLE),
        # unknown: no verdict is invented
        ("", None),
        ("Maybe", None),
        ("On-Target", None),
        ("FALSE", None),  # a flag in the progress column: a warning, not a verdict
    ],
)
def test_parse_council_progress(text: str, expected: Progress | None) -> None:
    assert parse_council_progress(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On-Target", TargetStatus.ON_TARGET),
        ("On-target", TargetStatus.ON_TARGET),
        ("on target", TargetStatus.ON_TARGET),
        ("ON – TARGET", TargetStatus.ON_TARGET),
        ("Off-Target", TargetStatus.OFF_TARGET),
        ("Off-target", TargetStatus.OFF_TARGET),
        ("OFF TARGET", TargetStatus.OFF_TARGET),
        ("No Target Set", TargetStatus.NO_TARGET),
        ("no target set", TargetStatus.NO_TARGET),
        ("No target", TargetStatus.NO_TARGET),
        ("Target not applicable", TargetStatus.NOT_APPLICABLE),
        ("Not applicable", TargetStatus.NOT_APPLICABLE),
        ("N/A", TargetStatus.NOT_AVAILABLE),
        ("NA", TargetStatus.NOT_AVAILABLE),
        ("on_target", TargetStatus.ON_TARGET),
        ("not_applicable", TargetStatus.NOT_APPLICABLE),
        ("no_target", TargetStatus.NO_TARGET),
        ("", None),
        ("BETTER", None),
    ],
)
def test_parse_council_target_status(text: str, expected: TargetStatus | None) -> None:
    assert parse_council_target_status(text) is expected


@pytest.mark.parametrize("progress", list(Progress))
def test_progress_codes_and_words_read_back(progress: Progress) -> None:
    assert parse_council_progress(COUNCIL_CODE_FROM_PROGRESS[progress]) is progress
    assert parse_council_progress(COUNCIL_WORDS_FROM_PROGRESS[progress]) is progress


@pytest.mark.parametrize("status", list(TargetStatus))
def test_target_status_codes_read_back(status: TargetStatus) -> None:
    code = COUNCIL_CODE_FROM_TARGET_STATUS[status]
    assert parse_council_target_status(code) is status


def test_every_listed_council_code_parses_to_its_mapping() -> None:
    for code, progress in PROGRESS_FROM_COUNCIL_CODE.items():
        assert parse_council_progress(code) is progress
    for code, status in TARGET_STATUS_FROM_COUNCIL_CODE.items():
        assert parse_council_target_status(code) is status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CANT SAY", "cant say"),
        ("Can't say", "cant say"),
        ("Similar/unchanged", "similar unchanged"),
        ("On-Target", "on target"),
        ("  N/A ", "n a"),
    ],
)
def test_normalise_code(text: str, expected: str) -> None:
    assert normalise_code(text) == expected
