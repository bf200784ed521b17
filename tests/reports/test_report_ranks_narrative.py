"""The ranks sentence of the drafted commentary (reports.annual.narrative, issue
19): table by table, every number in its words cited, and flagged when a rank
changes in another version of the report. No database."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from reports.annual import narrative as rules
from tests.reports.test_narrative import YEAR, report, row

CIPFA = "CIPFA nearest neighbours"
STAT = "Statistical neighbours"


def ranked(
    code: str,
    position: int | None,
    out_of: int = 16,
    group: str = CIPFA,
    joint: bool = False,
) -> dict[str, Any]:
    """A metric row with its rank as reports.annual.content.rank_of writes it
    (None: not ranked)."""
    found = row(code)
    if position is None:
        found["rank"] = None
        return found
    quartile = -(-4 * position // out_of)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(position % 10, "th")
    if position % 100 in (11, 12, 13):
        suffix = "th"
    words = f"{'joint ' if joint else ''}{position}{suffix} of {out_of}"
    found["rank"] = {
        "position": position,
        "out_of": out_of,
        "joint": joint,
        "quartile": quartile,
        "words": words,
        "group": group,
        "version": "version 1, from 2020/21",
        "period": YEAR,
    }
    return found


NUMBER = re.compile(r"\d+")


def ranks_sentence(rows: list[dict[str, Any]]) -> rules.Sentence | None:
    content, entry = report(rows)
    found = [
        s for s in rules.draft(content, rules.PRIORITY, entry) if s["rule"] == "ranks"
    ]
    for sentence in found:
        words = sentence["text"]
        # Every rank, name and group cited is taken out; what numbers are left
        # must be counts the sentence cites.
        for figure in sentence["figures"]:
            assert rules.figure_now(content, figure) == figure, figure
            if figure["kind"] == "rank":
                assert figure["value"] in words
                words = words.replace(figure["value"], "")
                words = words.replace(figure["metric"], "")
        counts = {f["value"] for f in sentence["figures"] if f["kind"] == "ranks"}
        for number in NUMBER.findall(words):
            assert number in counts, (number, sentence)
    return found[0] if found else None


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # Nothing ranked (or a snapshot made before ranks): nothing to say.
        ([row("A"), row("B")], None),
        ([ranked("A", None), ranked("B", None)], None),
        (
            [ranked("A", 3), ranked("B", None)],
            "The one headline metric ranked against a comparator group is Metric "
            "A, 3rd of 16 among CIPFA nearest neighbours, in the top quartile.",
        ),
        (
            [ranked("A", 12, 16)],
            "The one headline metric ranked against a comparator group is Metric "
            "A, 12th of 16 among CIPFA nearest neighbours, in the third quartile.",
        ),
        (
            [ranked("A", 16, 16)],
            "The one headline metric ranked against a comparator group is Metric "
            "A, 16th of 16 among CIPFA nearest neighbours, in the bottom quartile.",
        ),
        (
            [ranked("A", 5), ranked("B", 3), ranked("C", 14)],
            "Of the 3 headline metrics ranked against their comparator groups, 1 is "
            "in the top quartile; the best placed is Metric B, 3rd of 16 among "
            "CIPFA nearest neighbours.",
        ),
        # The best placed is the highest share of its group: 2nd of 11 (in the
        # top 18%) beats 1st of 4 (the top 25%); 3rd of 11 is in the second
        # quartile (⌈12 / 11⌉).
        (
            [ranked("A", 1, 4, STAT), ranked("B", 2, 11), ranked("C", 3, 11)],
            "Of the 3 headline metrics ranked against their comparator groups, 2 "
            "are in the top quartile; the best placed is Metric B, 2nd of 11 "
            "among CIPFA nearest neighbours.",
        ),
        (
            [ranked("A", 9), ranked("B", 12), ranked("C", None)],
            "Of the 2 headline metrics ranked against their comparator groups, none "
            "is in the top quartile; the best placed is Metric A, 9th of 16 among "
            "CIPFA nearest neighbours.",
        ),
        (
            [ranked("A", 2, joint=True), ranked("B", 2, joint=True), ranked("C", 4)],
            "Of the 3 headline metrics ranked against their comparator groups, all "
            "3 are in the top quartile; the best placed is Metric A, joint 2nd of "
            "16 among CIPFA nearest neighbours.",
        ),
        (
            [ranked("A", 2), ranked("B", 7), ranked("C", 3, 16, STAT), ranked("D", 9)],
            "Of the 4 headline metrics ranked against their comparator groups, 2 "
            "are in the top quartile; the best placed is Metric A, 2nd of 16 among "
            "CIPFA nearest neighbours.",
        ),
    ],
)
def test_the_ranks_sentence(rows, expected):
    sentence = ranks_sentence(rows)
    assert (sentence and sentence["text"]) == expected


def test_the_sentence_cites_the_counts_and_the_best_rank():
    sentence = ranks_sentence([ranked("A", 5), ranked("B", 3), ranked("C", None)])
    assert sentence is not None
    assert [
        (f["kind"], f.get("field", ""), f["value"]) for f in sentence["figures"]
    ] == [
        ("ranks", rules.RANKED, "2"),
        ("ranks", rules.TOP_QUARTILE, "1"),
        ("rank", "", "3rd of 16"),
    ]
    shown = [rules.figure_shown(f) for f in sentence["figures"]]
    assert shown == [
        "2 ranked in a group (2024/25)",
        "1 in the top quartile (2024/25)",
        "Metric B: 3rd of 16 among CIPFA nearest neighbours (2024/25)",
    ]


def test_a_changed_rank_or_group_flags_the_sentence():
    content, entry = report([ranked("A", 5), ranked("B", 3)])
    (sentence,) = [
        s for s in rules.draft(content, rules.PRIORITY, entry) if s["rule"] == "ranks"
    ]
    assert rules.changed_figures(copy.deepcopy(content), sentence) == []

    moved = copy.deepcopy(content)
    moved["metrics"]["B"]["rank"].update(position=4, words="4th of 16")
    assert [
        now and now["value"] for _, now in rules.changed_figures(moved, sentence)
    ] == ["4th of 16"]

    regrouped = copy.deepcopy(content)
    regrouped["metrics"]["B"]["rank"]["group"] = STAT
    ((was, now),) = rules.changed_figures(regrouped, sentence)
    assert (was["label"], now and now["label"]) == (CIPFA, STAT)

    unranked = copy.deepcopy(content)
    unranked["metrics"]["A"]["rank"] = None
    changed = rules.changed_figures(unranked, sentence)
    assert [(was["field"], now and now["value"]) for was, now in changed] == [
        (rules.RANKED, "1")
    ]
