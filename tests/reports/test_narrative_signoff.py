"""The commentary on each priority and directorate: drafted by rule from the
report's figures, edited, signed off by the right person, flagged when a later
version's figures differ; on the pages, in the to-do list and in the history."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from coventry_pm.core.exceptions import (
    ApplicationError,
    ConflictError,
    PermissionDeniedError,
)
from coventry_pm.core.todo import todo_for
from reports.annual import narrative as rules
from reports.models import ReportNarrative, ReportSnapshot
from reports.services.annual import report_run_execute, report_run_start
from reports.services.narratives import (
    report_narrative_sign_off,
    report_narrative_update,
)
from tests import factories
from tests.reports.annual import YEAR, report_data
from tests.reports.test_narrative import assert_numbers_are_cited


@pytest.fixture(autouse=True)
def open_data_dir(settings, tmp_path):
    settings.OPEN_DATA_DIR = tmp_path / "open-data"
    settings.OPEN_DATA_REPOSITORY = ""


@pytest.fixture
def director(db):
    """Directs Housing and Communities (H1 and H2): signs off its commentary."""
    return factories.UserFactory(username="director", roles=["manager", "employee"])


@pytest.fixture
def other_director(db):
    """Directs another directorate: no say in Housing's commentary."""
    return factories.UserFactory(username="elsewhere", roles=["manager"])


@pytest.fixture
def data(db, director, other_director):
    data = report_data()
    housing = factories.DirectorateFactory(name="Housing and Communities")
    housing.director = director
    housing.save()
    jobs = factories.DirectorateFactory(name="Jobs and Skills")  # no director
    factories.DirectorateFactory(name="Elsewhere", director=other_director)
    homes_team = factories.TeamFactory(
        service=factories.ServiceFactory(directorate=housing)
    )
    jobs_team = factories.TeamFactory(
        service=factories.ServiceFactory(directorate=jobs)
    )
    for key, team in (
        ("homes", homes_team),
        ("waits", homes_team),
        ("jobs", jobs_team),
    ):
        data.metrics[key].team = team
        data.metrics[key].save()
    data.housing = housing  # type: ignore[attr-defined]
    data.jobs_directorate = jobs  # type: ignore[attr-defined]
    return data


def generate(data, insight):
    run = report_run_start(plan=data.plan, period=YEAR, user=insight, enqueue=False)
    return report_run_execute(run_id=run.pk)


@pytest.fixture
def draft(data, insight):
    return generate(data, insight)


def url(snapshot, scope, key, step=""):
    name = "reports:narrative_sign_off" if step else "reports:narrative"
    return reverse(name, args=[snapshot.pk, scope, key])


def edit(snapshot, scope, key, user, texts, version):
    return report_narrative_update(
        snapshot=snapshot,
        scope=scope,
        key=key,
        texts=texts,
        user=user,
        expected_version=version,
    )


def sign_off(snapshot, scope, key, user, version):
    return report_narrative_sign_off(
        snapshot=snapshot, scope=scope, key=key, user=user, expected_version=version
    )


# --------------------------------------------------------------------------------
# The drafts, on a generated report
# --------------------------------------------------------------------------------


def test_every_number_in_the_drafts_is_the_snapshots_figure(draft):
    content = draft.content
    parts = [(rules.PRIORITY, p) for p in content["priorities"]] + [
        (rules.DIRECTORATE, d) for d in content["directorates"]
    ]
    assert len(parts) == 5
    drafted = 0
    for scope, entry in parts:
        sentences = rules.draft(content, scope, entry)
        assert_numbers_are_cited(content, sentences)
        for sentence in sentences:
            drafted += 1
            for figure in sentence["figures"]:
                if figure["kind"] == "metric":
                    row = content["metrics"][figure["code"]]
                    assert figure["value"] == row[f"{figure['field']}_value"]
                    assert figure["period"] == row[f"{figure['field']}_period"]
                    assert figure["verdict"] == row[f"{figure['verdict_kind']}_shown"]
                else:
                    counted = (
                        entry["summary"]
                        if figure["of"] == "this_year"
                        else entry["last_year"]
                    )
                    if figure["field"] in ("off_target", "with_target"):
                        status = counted["target_status"]
                        expected = status["off_target"] + (
                            status["on_target"]
                            if figure["field"] == "with_target"
                            else 0
                        )
                    else:
                        expected = counted[figure["field"]]
                    assert figure["value"] == str(expected)
    assert drafted >= 10


def test_the_homes_priority_reads_as_a_councillor_would_write_it(draft, data):
    homes = rules.scope_entry(draft.content, rules.PRIORITY, data.homes.pk)
    assert [s["text"] for s in rules.draft(draft.content, rules.PRIORITY, homes)] == [
        "1 of 2 directional headline metrics improved or stayed the same, compared "
        "with 2 of 2 last year (2023/24).",
        "The one metric that improved was Homes built, from 1,000 in 2023/24 to "
        "1,100 in 2024/25.",
        "The one headline metric with a target is on target.",
    ]


# --------------------------------------------------------------------------------
# Who may edit and sign off
# --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["director", "cabinet_member", "councillor", "employee"]
)
def test_only_the_administrator_edits_and_signs_off_a_priority(
    draft, data, who, request
):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError, match="performance administrator"):
        edit(draft, "priority", data.homes.pk, user, ["Words."] * 3, 0)
    with pytest.raises(PermissionDeniedError, match="performance administrator"):
        sign_off(draft, "priority", data.homes.pk, user, 0)
    assert not ReportNarrative.objects.exists()


def test_the_director_signs_off_their_directorate_and_the_administrator_may_not(
    draft, data, insight, director
):
    key = data.housing.pk
    edited = edit(draft, "directorate", key, insight, ["Better words.", "", "Last."], 0)
    assert edited.version == 1
    with pytest.raises(PermissionDeniedError, match="director signs off"):
        sign_off(draft, "directorate", key, insight, 1)
    signed = sign_off(draft, "directorate", key, director, 1)
    assert signed.signed_off_by == director
    assert [s["text"] for s in signed.signed_off_sentences] == [
        "Better words.",
        "Last.",
    ]


@pytest.mark.parametrize("who", ["other_director", "cabinet_member", "manager"])
def test_nobody_else_edits_or_signs_off_a_directorate(draft, data, who, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDeniedError, match="director"):
        edit(draft, "directorate", data.housing.pk, user, ["x", "y", "z"], 0)
    with pytest.raises(PermissionDeniedError, match="director"):
        sign_off(draft, "directorate", data.housing.pk, user, 0)


def test_where_a_directorate_has_no_director_the_administrator_signs_off(
    draft, data, insight, director
):
    for key in (data.jobs_directorate.pk, 0):  # no director; no directorate
        with pytest.raises(PermissionDeniedError, match="no director"):
            sign_off(draft, "directorate", key, director, 0)
        assert sign_off(draft, "directorate", key, insight, 0).signed_off_by == insight


def test_who_may_act_is_asked_before_the_version(draft, data, insight, employee):
    edit(draft, "priority", data.homes.pk, insight, ["a", "b", "c"], 0)
    # A stale version from someone who may never act: refused as such (403).
    with pytest.raises(PermissionDeniedError):
        edit(draft, "priority", data.homes.pk, employee, ["a", "b", "c"], 0)


def test_a_stale_version_is_refused_and_nothing_changes(draft, data, insight):
    key = data.homes.pk
    edit(draft, "priority", key, insight, ["First.", "b", "c"], 0)
    with pytest.raises(ConflictError, match="version 0"):
        edit(draft, "priority", key, insight, ["Second.", "b", "c"], 0)
    with pytest.raises(ConflictError):
        sign_off(draft, "priority", key, insight, 0)
    stored = ReportNarrative.objects.get()
    assert (stored.version, stored.sentences[0]["text"]) == (1, "First.")
    assert stored.signed_off_at is None


def test_the_wrong_number_of_sentences_is_refused(draft, data, insight):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="each sentence"):
        edit(draft, "priority", data.homes.pk, insight, ["Only one."], 0)


def test_a_published_reports_commentary_stands(draft, data, insight):
    draft.status = ReportSnapshot.Status.PUBLISHED
    draft.save()
    with pytest.raises(ApplicationError, match="published"):
        edit(draft, "priority", data.homes.pk, insight, ["a", "b", "c"], 0)
    with pytest.raises(ApplicationError, match="published"):
        sign_off(draft, "priority", data.homes.pk, insight, 0)


def test_signing_off_twice_against_one_version_is_refused(draft, data, insight):
    sign_off(draft, "priority", data.homes.pk, insight, 0)
    with pytest.raises(ApplicationError, match="signed off already"):
        sign_off(draft, "priority", data.homes.pk, insight, 1)


def test_the_history_keeps_who_did_what_and_the_words_before(
    client, draft, data, insight
):
    key = data.homes.pk
    original = rules.draft(
        draft.content, "priority", rules.scope_entry(draft.content, "priority", key)
    )[0]["text"]
    edit(draft, "priority", key, insight, ["Edited words.", "b", "c"], 0)
    sign_off(draft, "priority", key, insight, 1)
    edit(draft, "priority", key, insight, ["Edited again.", "b", "c"], 2)
    history = list(ReportNarrative.objects.get().history.order_by("history_date"))
    assert [(h.history_change_reason, h.history_user, h.version) for h in history] == [
        ("Edited", insight, 1),
        ("Signed off", insight, 2),
        ("Edited", insight, 3),
    ]
    assert history[0].sentences[0]["drafted"] == original
    assert history[1].signed_off_sentences[0]["text"] == "Edited words."
    client.force_login(insight)
    page = client.get(url(draft, "priority", key)).content.decode()
    assert f"Signed off ({insight})" in page
    assert f"Edited ({insight}), version 3" in page
    assert "Edited since it was signed off" in page


# --------------------------------------------------------------------------------
# On the pages
# --------------------------------------------------------------------------------


def test_the_report_shows_the_signed_off_text_and_the_draft_only_to_signers(
    client, draft, data, insight, cabinet_member
):
    key = data.homes.pk
    edit(draft, "priority", key, insight, ["Homes did well.", "", "On target."], 0)
    priority_page = reverse("reports:report_priority", args=[draft.pk, 1])
    client.force_login(insight)
    page = client.get(priority_page).content.decode()
    assert "Draft — not signed off" in page and "Homes did well." in page
    client.force_login(cabinet_member)
    page = client.get(priority_page).content.decode()
    assert "Homes did well." not in page and "Draft — not signed off" not in page
    assert "The commentary has not been signed off yet." in page
    sign_off(draft, "priority", key, insight, 1)
    page = client.get(priority_page).content.decode()
    assert "Homes did well." in page and "Draft — not signed off" not in page
    overview = client.get(draft.get_absolute_url()).content.decode()
    assert "Homes did well." in overview


def test_each_sentence_links_to_the_figures_it_cites(client, draft, data, insight):
    sign_off(draft, "priority", data.homes.pk, insight, 0)
    client.force_login(insight)
    page = client.get(reverse("reports:report_priority", args=[draft.pk, 1]))
    html = page.content.decode()
    assert '<a href="#metric-H1">Homes built: 1,100 (2024/25)</a>' in html
    assert 'id="metric-H1"' in html
    assert '<a href="#summary">2 directional (2024/25)</a>' in html


def test_a_sentence_whose_figures_changed_after_sign_off_is_flagged(
    client, draft, data, insight
):
    sign_off(draft, "priority", data.homes.pk, insight, 0)
    factories.MetricValueFactory(
        metric=data.metrics["homes"], period=YEAR, value_text="1,200", revision=2
    )
    later = generate(data, insight)
    client.force_login(insight)
    flag = "The figures in this sentence have changed since it was signed off"
    first = client.get(reverse("reports:report_priority", args=[draft.pk, 1]))
    assert flag not in first.content.decode()
    page = client.get(reverse("reports:report_priority", args=[later.pk, 1]))
    html = page.content.decode()
    assert html.count(flag) == 1
    assert (
        "Signed off with Homes built: 1,100 (2024/25); this version has Homes "
        "built: 1,200 (2024/25)." in html
    )
    # The later version may be signed off again, with its own figures.
    assert (
        sign_off(later, "priority", data.homes.pk, insight, 1).signed_off_against
        == later
    )


def test_the_commentary_page_edits_and_signs_off(client, draft, data, director):
    key = data.housing.pk
    client.force_login(director)
    page = url(draft, "directorate", key)
    form = client.get(page)
    assert form.status_code == 200
    assert "Draft — not signed off" in form.content.decode()
    response = client.post(
        page,
        {
            "version": 0,
            "sentence_0": "Housing held up.",
            "sentence_1": "",
            "sentence_2": "x",
        },
    )
    assert response.status_code == 302
    assert ReportNarrative.objects.get().sentences[0]["text"] == "Housing held up."
    response = client.post(url(draft, "directorate", key, "sign-off"), {"version": 1})
    assert response.status_code == 302
    assert ReportNarrative.objects.get().signed_off_by == director
    html = client.get(page).content.decode()
    assert "As signed off" in html and "Housing held up." in html


def test_the_page_keeps_their_words_on_a_stale_version(client, draft, data, insight):
    key = data.homes.pk
    edit(draft, "priority", key, insight, ["Theirs.", "b", "c"], 0)
    client.force_login(insight)
    response = client.post(
        url(draft, "priority", key),
        {"version": 0, "sentence_0": "Mine.", "sentence_1": "b", "sentence_2": "c"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Their version" in html and "Theirs." in html and "Mine." in html


def test_the_commentary_page_is_refused_to_others(
    client, draft, data, director, other_director, employee, cabinet_member
):
    housing = url(draft, "directorate", data.housing.pk)
    # The director reaches their directorate's commentary on a draft they may
    # not otherwise read.
    client.force_login(director)
    assert client.get(housing).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(url(draft, "priority", data.homes.pk)).status_code == 404
    for user in (other_director, employee):
        client.force_login(user)
        assert client.get(housing).status_code == 404
    # A member reads it, and may not change it.
    client.force_login(cabinet_member)
    assert client.get(housing).status_code == 200
    post = {"version": 0, "sentence_0": "x", "sentence_1": "y", "sentence_2": "z"}
    assert client.post(housing, post).status_code == 403
    assert (
        client.post(
            url(draft, "directorate", data.housing.pk, "s"), {"version": 0}
        ).status_code
        == 403
    )
    assert not ReportNarrative.objects.exists()


def test_the_commentary_waits_on_the_signers_to_do_lists(
    draft, data, insight, director
):
    def labels(user):
        return [i.label for i in todo_for(user) if "commentary" in i.label]

    title = draft.name  # "Annual performance report 2024/25, version 1"
    assert labels(director) == [
        f"Sign off the commentary on Housing and Communities: {title}"
    ]
    assert sorted(labels(insight)) == sorted(
        f"Sign off the commentary on {name}: {title}"
        for name in ("Homes", "Jobs", "Jobs and Skills", "No directorate")
    )
    sign_off(draft, "directorate", data.housing.pk, director, 0)
    assert labels(director) == []
    draft.status = ReportSnapshot.Status.PUBLISHED
    draft.save()
    assert labels(insight) == []


# --------------------------------------------------------------------------------
# In the PDF
# --------------------------------------------------------------------------------


def test_the_pdf_prints_the_directorates_and_the_signed_off_commentary(
    draft, data, insight, director, django_capture_on_commit_callbacks
):
    import pdfplumber

    from reports.services import annual
    from tests.reports.pdf_layout import layout_problems

    edit(draft, "priority", data.homes.pk, insight, ["Homes held up.", "", "On."], 0)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        sign_off(draft, "priority", data.homes.pk, insight, 1)
    # The draft's PDF is printed again.
    assert any("rerender_report_pdf_task" in repr(call) for call in queued)
    assert annual.report_pdf_rerender(snapshot_id=draft.pk)
    draft.refresh_from_db()
    with draft.pdf.open("rb") as file:
        pdf = file.read()
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = " ".join((page.extract_text() or "") for page in document.pages)
    assert "Homes held up." in text
    assert "Housing and Communities" in text and "No directorate" in text
    assert layout_problems(pdf) == []


def test_an_empty_commentary_is_not_signed_off(draft, data, insight):
    edit(draft, "priority", data.homes.pk, insight, ["", " ", ""], 0)
    with pytest.raises(ApplicationError, match="Every sentence is empty"):
        sign_off(draft, "priority", data.homes.pk, insight, 1)
    assert ReportNarrative.objects.get().signed_off_at is None


def test_a_stale_sign_off_on_the_page_says_so_and_signs_nothing(
    client, draft, data, insight
):
    key = data.homes.pk
    edit(draft, "priority", key, insight, ["Theirs.", "b", "c"], 0)
    client.force_login(insight)
    response = client.post(url(draft, "priority", key, "sign-off"), {"version": 0})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "while you were editing" in page
    assert ReportNarrative.objects.get().signed_off_at is None
