"""The drafted commentary's rules (reports.annual.narrative), table by table: the
words for every case (nothing directional, no last year, none off target, one
metric, two), that every number in the words is a figure the sentence cites, and
the flag when a cited figure differs in another version. No database."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from reports.annual import narrative as rules
from reports.annual.content import counts

YEAR = "2024-25"
LAST = "2023-24"


def row(
    code: str,
    progress: str = "similar",
    status: str = "no_target",
    previous: str | None = "10",
    current: str | None = "10",
    unit: str = "number",
) -> dict[str, Any]:
    """A metric row as reports.annual.content.metric_row writes it."""
    return {
        "code": code,
        "metric": f"Metric {code}",
        "unit": unit,
        "previous_period": LAST if previous is not None else None,
        "previous_value": previous,
        "previous_number": previous.replace(",", "") if previous else None,
        "current_period": YEAR if current is not None else None,
        "current_value": current,
        "current_number": current.replace(",", "") if current else None,
        "progress": progress,
        "progress_shown": progress,
        "target_status": status,
        "target_status_shown": status,
    }


def last_year(improved_or_similar: int, directional: int) -> dict[str, Any]:
    """Last year's counts as the snapshot holds them (only these are read)."""
    return {
        "year": LAST,
        "total": directional,
        "improved": improved_or_similar,
        "similar": 0,
        "got_worse": directional - improved_or_similar,
        "cannot_say": 0,
        "not_available": 0,
        "directional": directional,
        "improved_or_similar": improved_or_similar,
        "directional_pct": None,
    }


def report(
    rows: list[dict[str, Any]],
    scope: str = rules.PRIORITY,
    last: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A report's content with one priority (or directorate) holding ``rows``,
    counted as the report counts them."""
    summary = counts(rows)
    if scope == rules.PRIORITY:
        entry: dict[str, Any] = {
            "id": 7,
            "number": 1,
            "title": "Homes",
            "objectives": [
                {"title": "More homes", "metrics": [r["code"] for r in rows]}
            ],
            "unplaced": [],
        }
    else:
        entry = {"id": 3, "name": "Housing", "headline": [r["code"] for r in rows]}
    entry.update(summary=summary, last_year=last)
    content = {
        "period": YEAR,
        "metrics": {r["code"]: r for r in rows},
        "priorities": [entry] if scope == rules.PRIORITY else [],
        "directorates": [entry] if scope == rules.DIRECTORATE else [],
    }
    return content, entry


def texts(
    rows: list[dict[str, Any]],
    scope: str = rules.PRIORITY,
    last: dict[str, Any] | None = None,
) -> dict[str, str]:
    content, entry = report(rows, scope, last)
    sentences = rules.draft(content, scope, entry)
    assert_numbers_are_cited(content, sentences)
    return {s["rule"]: s["text"] for s in sentences}


PERIOD = re.compile(r"\b\d{4}/\d{2}\b")
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def assert_numbers_are_cited(
    content: dict[str, Any], sentences: list[rules.Sentence]
) -> None:
    """Every number in the words is the value of a figure the sentence cites
    (every period, the period of one), and every figure cited is the report's
    own (read afresh from the content)."""
    for sentence in sentences:
        figures = sentence["figures"]
        periods = {rules.period_shown(f["period"]) for f in figures if f["period"]}
        values = {f["value"] for f in figures}
        words = sentence["text"]
        # A metric's name is not a figure ("Metric T0").
        for figure in figures:
            if figure["kind"] == "metric":
                words = words.replace(figure["metric"], "")
        for period in PERIOD.findall(words):
            assert period in periods, (period, sentence)
        for number in NUMBER.findall(PERIOD.sub("", words)):
            assert number in values, (number, sentence)
        for figure in figures:
            assert rules.figure_now(content, figure) == figure, figure


# --------------------------------------------------------------------------------
# The directional sentence
# --------------------------------------------------------------------------------


def many(*progress: str) -> list[dict[str, Any]]:
    return [row(f"M{i}", p) for i, p in enumerate(progress)]


@pytest.mark.parametrize(
    ("rows", "last", "expected"),
    [
        (
            [],
            None,
            "There are no headline metrics under this priority.",
        ),
        (
            many("not_available"),
            None,
            "Its one headline metric has no direction of travel this year: there is "
            "no telling whether it improved, stayed the same or got worse.",
        ),
        (
            many("cannot_say", "not_available"),
            last_year(1, 1),
            "Neither of its two headline metrics has a direction of travel this "
            "year: there is no telling whether they improved, stayed the same or "
            "got worse.",
        ),
        (
            many("cannot_say", "not_available", "not_available"),
            None,
            "None of its 3 headline metrics has a direction of travel this year: "
            "there is no telling whether they improved, stayed the same or got "
            "worse.",
        ),
        (
            many("improved"),
            None,
            "The one directional headline metric improved or stayed the same; there "
            "is no earlier report year to compare with.",
        ),
        (
            many("got_worse", "not_available"),
            last_year(3, 4),
            "The one directional headline metric got worse, compared with 3 of 4 "
            "last year (2023/24).",
        ),
        (
            many("improved", "similar"),
            last_year(1, 2),
            "Both directional headline metrics improved or stayed the same, "
            "compared with 1 of 2 last year (2023/24).",
        ),
        (
            many("got_worse", "got_worse"),
            None,
            "Neither directional headline metric improved or stayed the same; there "
            "is no earlier report year to compare with.",
        ),
        (
            many("improved", "got_worse"),
            last_year(0, 0),
            "1 of 2 directional headline metrics improved or stayed the same; last "
            "year (2023/24) none was directional.",
        ),
        (
            many("improved", "similar", "similar", "cannot_say"),
            last_year(2, 5),
            "All 3 directional headline metrics improved or stayed the same, "
            "compared with 2 of 5 last year (2023/24).",
        ),
        (
            many("got_worse", "got_worse", "got_worse"),
            last_year(2, 2),
            "None of the 3 directional headline metrics improved or stayed the "
            "same, compared with 2 of 2 last year (2023/24).",
        ),
        (
            many(*["improved"] * 5, *["similar"] * 3, *["got_worse"] * 2, "cannot_say"),
            last_year(6, 9),
            "8 of 10 directional headline metrics improved or stayed the same, "
            "compared with 6 of 9 last year (2023/24).",
        ),
    ],
)
def test_the_directional_sentence(rows, last, expected):
    assert texts(rows, last=last)[rules.RULE_DIRECTIONAL] == expected


def test_a_directorate_with_no_headline_metrics_says_so():
    assert texts([], scope=rules.DIRECTORATE) == {
        rules.RULE_DIRECTIONAL: "There are no headline metrics in this directorate."
    }


def test_the_counts_are_the_reports_own_not_counted_again():
    # The sentence reads the counts the report made (summarise's), so a snapshot
    # whose counts say otherwise is quoted as it says.
    content, entry = report(many("improved", "got_worse"))
    entry["summary"].update(improved_or_similar=5, directional=9)
    sentence = rules.draft(content, rules.PRIORITY, entry)[0]
    assert sentence["text"].startswith("5 of 9 directional")
    assert_numbers_are_cited(content, [sentence])


# --------------------------------------------------------------------------------
# The largest improvement
# --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Nothing improved: nothing to say.
        ([row("A", "similar"), row("B", "got_worse", previous="5", current="4")], None),
        # One improved.
        (
            [row("A", "improved", previous="1,000", current="1,100"), row("B")],
            "The one metric that improved was Metric A, from 1,000 in 2023/24 to "
            "1,100 in 2024/25.",
        ),
        # The largest move as a share of where it started (50% beats 10%).
        (
            [
                row("A", "improved", previous="100", current="110"),
                row("B", "improved", previous="10", current="15"),
            ],
            "The largest improvement was in Metric B, from 10 in 2023/24 to 15 in "
            "2024/25.",
        ),
        # Falling is improving where lower is better: the size of the move counts.
        (
            [
                row("A", "improved", previous="40", current="30"),
                row("B", "improved", previous="100", current="110"),
            ],
            "The largest improvement was in Metric A, from 40 in 2023/24 to 30 in "
            "2024/25.",
        ),
        # A tie: the report's order.
        (
            [
                row("A", "improved", previous="10", current="12"),
                row("B", "improved", previous="20", current="24"),
            ],
            "The largest improvement was in Metric A, from 10 in 2023/24 to 12 in "
            "2024/25.",
        ),
        # Percentages keep their sign.
        (
            [row("A", "improved", previous="70", current="72.5", unit="%")],
            "The one metric that improved was Metric A, from 70% in 2023/24 to "
            "72.5% in 2024/25.",
        ),
        # Improved with no previous figure (a target met), or from zero: not
        # ranked; another is.
        (
            [
                row("A", "improved", previous=None, current="5"),
                row("B", "improved", previous="0", current="5"),
                row("C", "improved", previous="8", current="9"),
            ],
            "The largest improvement was in Metric C, from 8 in 2023/24 to 9 in "
            "2024/25.",
        ),
        # None that can be ranked: nothing to say.
        ([row("A", "improved", previous=None, current="5")], None),
        # Unchanged figures marked improved (a target already met): no move.
        ([row("A", "improved", previous="5", current="5")], None),
    ],
)
def test_the_largest_improvement(rows, expected):
    assert texts(rows).get(rules.RULE_IMPROVEMENT) == expected


def test_the_improvement_cites_both_figures_with_their_verdict():
    content, entry = report([row("A", "improved", previous="1,000", current="1,100")])
    sentence = rules.draft(content, rules.PRIORITY, entry)[1]
    assert [
        (f["code"], f["period"], f["value"], f["verdict"]) for f in sentence["figures"]
    ] == [
        ("A", LAST, "1,000", "improved"),
        ("A", YEAR, "1,100", "improved"),
    ]


# --------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------


def targets(*statuses: str) -> list[dict[str, Any]]:
    return [row(f"T{i}", status=s) for i, s in enumerate(statuses)]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], None),
        (
            targets("no_target", "not_applicable"),
            "None of its headline metrics had a target to test this year.",
        ),
        (
            targets("on_target", "no_target"),
            "The one headline metric with a target is on target.",
        ),
        (
            targets("on_target", "on_target"),
            "Both headline metrics with a target are on target.",
        ),
        (
            targets("on_target", "on_target", "on_target", "on_target", "no_target"),
            "All 4 headline metrics with a target are on target.",
        ),
        (
            targets("off_target", "no_target"),
            "The one headline metric with a target is off target: Metric T0.",
        ),
        (
            targets("off_target", "off_target"),
            "Both headline metrics with a target are off target: Metric T0 and "
            "Metric T1.",
        ),
        (
            targets("off_target", "off_target", "off_target"),
            "All 3 headline metrics with a target are off target: Metric T0, Metric "
            "T1 and Metric T2.",
        ),
        (
            targets("on_target", "off_target", "on_target"),
            "1 of the 3 headline metrics with a target is off target: Metric T1.",
        ),
        (
            targets("off_target", "on_target", "off_target", "off_target", "on_target"),
            "3 of the 5 headline metrics with a target are off target: Metric T0, "
            "Metric T2 and Metric T3.",
        ),
        # A target with no figure to test is not counted as with a target.
        (
            targets("not_available", "off_target"),
            "The one headline metric with a target is off target: Metric T1.",
        ),
    ],
)
def test_the_targets_sentence(rows, expected):
    assert texts(rows).get(rules.RULE_TARGETS) == expected


def test_the_off_target_metrics_are_cited_with_their_figure_and_status():
    content, entry = report(targets("off_target", "on_target"))
    sentence = rules.draft(content, rules.PRIORITY, entry)[-1]
    metrics = [f for f in sentence["figures"] if f["kind"] == "metric"]
    assert [(f["code"], f["period"], f["value"], f["verdict"]) for f in metrics] == [
        ("T0", YEAR, "10", "off_target")
    ]


def test_the_sentences_come_in_the_rules_order():
    content, entry = report(
        [
            row("A", "improved", "off_target", "1", "2"),
            row("B", "got_worse", "on_target"),
        ],
        last=last_year(1, 1),
    )
    # A rank in a comparator group (issue 19) gives the ranks sentence.
    content["metrics"]["A"]["rank"] = {
        "position": 3,
        "out_of": 16,
        "joint": False,
        "quartile": 1,
        "words": "3rd of 16",
        "group": "CIPFA nearest neighbours",
        "version": "version 1, from 2020/21",
        "period": YEAR,
    }
    assert [s["rule"] for s in rules.draft(content, rules.PRIORITY, entry)] == list(
        rules.RULES
    )


def test_an_unknown_scope_is_refused():
    content, entry = report([row("A")])
    with pytest.raises(ValueError, match="No commentary"):
        rules.draft(content, "ward", entry)


# --------------------------------------------------------------------------------
# A sentence's figures in another version of the report
# --------------------------------------------------------------------------------


@pytest.fixture
def signed():
    content, entry = report(
        [
            row("A", "improved", "off_target", previous="100", current="120"),
            row("B", "got_worse", "on_target", previous="5", current="4"),
        ],
        last=last_year(1, 2),
    )
    return content, rules.draft(content, rules.PRIORITY, entry)


def test_the_same_figures_flag_nothing(signed):
    content, sentences = signed
    assert all(
        rules.changed_figures(copy.deepcopy(content), s) == [] for s in sentences
    )


def test_a_changed_figure_flags_the_sentences_citing_it(signed):
    content, sentences = signed
    later = copy.deepcopy(content)
    later["metrics"]["A"]["current_value"] = "125"
    flagged = {s["rule"]: rules.changed_figures(later, s) for s in sentences}
    assert flagged[rules.RULE_DIRECTIONAL] == []
    ((was, now),) = flagged[rules.RULE_IMPROVEMENT]
    assert (was["value"], now and now["value"]) == ("120", "125")
    ((was, now),) = [c for c in flagged[rules.RULE_TARGETS] if c[0]["kind"] == "metric"]
    assert (was["value"], now and now["value"]) == ("120", "125")


def test_a_changed_verdict_or_count_flags_the_sentence(signed):
    content, sentences = signed
    later = copy.deepcopy(content)
    later["metrics"]["A"]["target_status_shown"] = "on_target"
    later["priorities"][0]["summary"]["improved_or_similar"] = 2
    flagged = {s["rule"]: rules.changed_figures(later, s) for s in sentences}
    assert [c[0]["field"] for c in flagged[rules.RULE_DIRECTIONAL]] == [
        "improved_or_similar"
    ]
    assert [c[0]["verdict"] for c in flagged[rules.RULE_TARGETS]] == ["off_target"]
    assert flagged[rules.RULE_IMPROVEMENT] == []


def test_a_figure_the_new_version_lacks_is_flagged_as_gone(signed):
    content, sentences = signed
    later = copy.deepcopy(content)
    del later["metrics"]["A"]
    later["priorities"][0]["last_year"] = None
    flagged = [c for s in sentences for c in rules.changed_figures(later, s)]
    assert flagged and all(now is None for _, now in flagged)


@pytest.mark.parametrize(
    ("period", "shown"),
    [
        ("2024-25", "2024/25"),
        ("2025-26 Q2", "2025/26 Q2"),
        ("2025-26 H1", "2025/26 H1"),
    ],
)
def test_periods_read_as_people_write_them(period, shown):
    assert rules.period_shown(period) == shown
