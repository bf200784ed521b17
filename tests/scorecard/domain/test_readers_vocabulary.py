"""The verdict codes and flags as the council's columns spell them: every spelling
in ../shared/data/coventry, the families they belong to, and what a code in the
wrong column gives."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.vocabulary import (
    HeadlineFlag,
    Progress,
    TargetStatus,
    classify_progress_cell,
    classify_target_status_cell,
    parse_council_progress,
    parse_council_target_status,
    parse_headline_flag,
)

# Every distinct spelling in the progress columns of the council's seven files.
COVENTRY_PROGRESS = [
    ("BETTER", Progress.IMPROVED),
    ("EQUALS", Progress.SIMILAR),
    ("WORSE", Progress.GOT_WORSE),
    ("CANT SAY", Progress.CANNOT_SAY),
    ("N/A", Progress.NOT_AVAILABLE),
    ("NA", Progress.NOT_AVAILABLE),
    ("Right direction", Progress.IMPROVED),
    ("Similar/unchanged", Progress.SIMILAR),
    ("Wrong direction", Progress.GOT_WORSE),
    ("Can't say", Progress.CANNOT_SAY),
    ("Improved", Progress.IMPROVED),
    ("Got worse", Progress.GOT_WORSE),
    ("Stayed the same", Progress.SIMILAR),
    # the 2017-18 half year, for rows with no half-year figure
    ("Not applicable", Progress.NOT_AVAILABLE),
]

# Every distinct spelling in the target-status columns.
COVENTRY_TARGET_STATUS = [
    ("On-Target", TargetStatus.ON_TARGET),
    ("On-target", TargetStatus.ON_TARGET),
    ("Off-Target", TargetStatus.OFF_TARGET),
    ("Off-target", TargetStatus.OFF_TARGET),
    ("No Target Set", TargetStatus.NO_TARGET),
    ("No target set", TargetStatus.NO_TARGET),
    ("Target not applicable", TargetStatus.NOT_APPLICABLE),
    ("Not applicable", TargetStatus.NOT_APPLICABLE),
    ("N/A", TargetStatus.NOT_AVAILABLE),
]


@pytest.mark.parametrize(("text", "expected"), COVENTRY_PROGRESS)
def test_every_progress_spelling_in_the_councils_files_reads(
    text: str, expected: Progress
) -> None:
    assert parse_council_progress(text) is expected
    assert classify_progress_cell(text) == (expected, None)


@pytest.mark.parametrize(("text", "expected"), COVENTRY_TARGET_STATUS)
def test_every_target_status_spelling_in_the_councils_files_reads(
    text: str, expected: TargetStatus
) -> None:
    assert parse_council_target_status(text) is expected
    assert classify_target_status_cell(text) == (expected, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Better", Progress.IMPROVED),
        ("better ", Progress.IMPROVED),
        ("Improving", Progress.IMPROVED),
        ("Equals", Progress.SIMILAR),
        ("Equal", Progress.SIMILAR),
        ("Same", Progress.SIMILAR),
        ("No change", Progress.SIMILAR),
        ("Worse", Progress.GOT_WORSE),
        ("Deteriorated", Progress.GOT_WORSE),
        ("Declined", Progress.GOT_WORSE),
        ("Cannot say", Progress.CANNOT_SAY),
        ("Can not say", Progress.CANNOT_SAY),
        ("Can’t say", Progress.CANNOT_SAY),
        ("Not available", Progress.NOT_AVAILABLE),
        ("No updated data", Progress.NOT_AVAILABLE),
        ("n/a", Progress.NOT_AVAILABLE),
    ],
)
def test_the_family_of_progress_spellings(text: str, expected: Progress) -> None:
    assert parse_council_progress(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On Target", TargetStatus.ON_TARGET),
        ("on target", TargetStatus.ON_TARGET),
        ("ON-TARGET", TargetStatus.ON_TARGET),
        ("Target met", TargetStatus.ON_TARGET),
        ("Achieved", TargetStatus.ON_TARGET),
        ("Off Target", TargetStatus.OFF_TARGET),
        ("Not met", TargetStatus.OFF_TARGET),
        ("Target missed", TargetStatus.OFF_TARGET),
        ("None set", TargetStatus.NO_TARGET),
        ("No target", TargetStatus.NO_TARGET),
        ("NA", TargetStatus.NOT_AVAILABLE),
        ("Not available", TargetStatus.NOT_AVAILABLE),
    ],
)
def test_the_family_of_target_status_spellings(
    text: str, expected: TargetStatus
) -> None:
    assert parse_council_target_status(text) is expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # the 2017-18 end-of-year file: 'FALSE' in a progress column
        (
            "FALSE",
            "'FALSE' is a flag's value, not a progress verdict: misplaced, not "
            "recorded",
        ),
        (
            "TRUE",
            "'TRUE' is a flag's value, not a progress verdict: misplaced, not recorded",
        ),
        (
            "On-Target",
            "'On-Target' is a target status, not a progress verdict: misplaced, not "
            "recorded",
        ),
        (
            "No Target Set",
            "'No Target Set' is a target status, not a progress verdict: misplaced, "
            "not recorded",
        ),
        (
            "Sometimes",
            "'Sometimes' is not a progress verdict the importer knows; not recorded",
        ),
    ],
)
def test_a_progress_cell_that_is_not_a_verdict_says_why(
    text: str, problem: str
) -> None:
    assert classify_progress_cell(text) == (None, problem)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # the 2017-18 half year: 'Similar/unchanged' in a target-status column
        (
            "Similar/unchanged",
            "'Similar/unchanged' is a progress verdict, not a target status: "
            "misplaced, not recorded",
        ),
        (
            "BETTER",
            "'BETTER' is a progress verdict, not a target status: misplaced, not "
            "recorded",
        ),
        (
            "Right direction",
            "'Right direction' is a progress verdict, not a target status: "
            "misplaced, not recorded",
        ),
        (
            "FALSE",
            "'FALSE' is a flag's value, not a target status: misplaced, not recorded",
        ),
        ("95%", "'95%' is not a target status the importer knows; not recorded"),
    ],
)
def test_a_target_status_cell_that_is_not_a_status_says_why(
    text: str, problem: str
) -> None:
    assert classify_target_status_cell(text) == (None, problem)


@pytest.mark.parametrize("text", ["", " ", "  ", "-"])
def test_a_blank_verdict_cell_is_no_verdict_and_no_problem(text: str) -> None:
    assert classify_progress_cell(text) == (None, None)
    assert classify_target_status_cell(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        # every spelling in the headline columns of the council's files
        ("TRUE", HeadlineFlag.HEADLINE),
        ("FALSE", HeadlineFlag.NOT_HEADLINE),
        ("SUPPORTING", HeadlineFlag.SUPPORTING),
        ("", HeadlineFlag.NOT_HEADLINE),
        # the family
        ("true", HeadlineFlag.HEADLINE),
        ("Yes", HeadlineFlag.HEADLINE),
        ("Y", HeadlineFlag.HEADLINE),
        ("Council Plan", HeadlineFlag.HEADLINE),
        ("council plan", HeadlineFlag.HEADLINE),
        ("Headline", HeadlineFlag.HEADLINE),
        ("Supporting", HeadlineFlag.SUPPORTING),
        ("Supporting indicator", HeadlineFlag.SUPPORTING),
        ("  ", HeadlineFlag.NOT_HEADLINE),
        ("No", HeadlineFlag.NOT_HEADLINE),
        ("false", HeadlineFlag.NOT_HEADLINE),
        ("N", HeadlineFlag.NOT_HEADLINE),
        ("-", HeadlineFlag.NOT_HEADLINE),
    ],
)
def test_parse_headline_flag(text: str, flag: HeadlineFlag) -> None:
    assert parse_headline_flag(text) is flag


@pytest.mark.parametrize("text", ["Maybe", "BETTER", "2", "Council"])
def test_an_unknown_headline_flag_is_none(text: str) -> None:
    assert parse_headline_flag(text) is None


def test_only_a_headline_flag_is_headline() -> None:
    assert HeadlineFlag.HEADLINE.is_headline
    assert not HeadlineFlag.SUPPORTING.is_headline
    assert not HeadlineFlag.NOT_HEADLINE.is_headline


@given(st.text(max_size=40))
def test_a_verdict_cell_gives_a_verdict_or_a_problem_never_both(text: str) -> None:
    for value, problem in (
        classify_progress_cell(text),
        classify_target_status_cell(text),
    ):
        assert value is None or problem is None
    parse_headline_flag(text)


@given(
    code=st.sampled_from([text for text, _ in COVENTRY_PROGRESS]),
    case=st.sampled_from([str.upper, str.lower, str.title]),
    padding=st.sampled_from(["", " ", "  "]),
)
def test_progress_codes_forgive_case_and_padding(
    code: str, case: object, padding: str
) -> None:
    assert callable(case)
    written = f"{padding}{case(code)}{padding}"
    assert parse_council_progress(written) is parse_council_progress(code)
