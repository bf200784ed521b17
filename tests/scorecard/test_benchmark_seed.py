"""seed_benchmark --members: a comparator group of made-up places with a figure for
every metric's periods, the data the benchmark panel and the view per priority
are measured on (benchmarks/dashboards.py)."""

from io import StringIO

import pytest
from django.core.management import call_command

from scorecard.benchmarking import benchmark_panel
from scorecard.models import ComparatorGroup, MemberValue, Metric, Standing
from scorecard.services.verdicts import calculated_verdicts_rebuild

pytestmark = pytest.mark.django_db


def test_members_give_every_metric_a_group_with_figures_and_standings():
    out = StringIO()
    call_command(
        "seed_benchmark", "--metrics", "3", "--years", "2", "--members", "4", stdout=out
    )
    assert "24 figures of 4 places in Benchmark neighbours" in out.getvalue()
    group = ComparatorGroup.objects.get(name="Benchmark neighbours")
    assert group.versions.get().members.count() == 4
    metrics = list(Metric.objects.filter(code__startswith="BM"))
    assert {m.primary_group_id for m in metrics} == {group.pk}
    assert MemberValue.objects.filter(lower_ci__isnull=False).count() == 24
    calculated_verdicts_rebuild(everything=True)
    assert Standing.objects.filter(group=group).count() == 6
    panel = benchmark_panel(metrics[0])
    assert panel is not None and len(panel.places) == 5
    # Topping up adds no second version and no figures for the metrics it has.
    call_command(
        "seed_benchmark", "--metrics", "3", "--years", "2", "--members", "4", stdout=out
    )
    assert MemberValue.objects.count() == 24


def test_without_members_there_is_no_group():
    call_command("seed_benchmark", "--metrics", "2", "--years", "1", stdout=StringIO())
    assert not ComparatorGroup.objects.filter(name="Benchmark neighbours").exists()
    assert not MemberValue.objects.exists()
