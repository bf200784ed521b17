"""The forms of the benchmarking import pages (issue 19): the upload, the column
mapping of a long-format source, and the metric each unmapped indicator is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from reports.models import BenchmarkSource
from reports.opendata.benchmark_plan import Indicator
from reports.opendata.benchmark_selectors import benchmark_sources, metrics_to_choose
from reports.opendata.long_format import FIELD_LABELS, LEVELS, ColumnMapping
from reports.services.benchmarks import MAX_FILE_BYTES
from scorecard.models import Metric

NEW_SOURCE = "new"


class MetricChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A metric by its code, shown with its name."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code}: {obj.name}"


class BenchmarkUploadForm(forms.Form):
    file = forms.FileField(
        label="File",
        help_text="A CSV file: a Fingertips data download, or any long-format file "
        "(one row per area and period).",
        error_messages={"required": "Choose a CSV file to import."},
    )
    source = forms.ChoiceField(
        label="Source",
        help_text="Where the figures come from. A new source's columns are mapped "
        "once and kept for its next files.",
        error_messages={"required": "Choose the source, or add a new one."},
    )
    new_name = forms.CharField(
        label="Name of the new source",
        required=False,
        max_length=100,
        help_text='For example "LG Inform" or "ONS Explore Local Statistics".',
    )
    new_reader = forms.ChoiceField(
        label="What kind of file it is",
        required=False,
        choices=BenchmarkSource.Reader.choices,
        widget=forms.RadioSelect,
    )
    new_ids = forms.ChoiceField(
        label="How it names its indicators",
        required=False,
        choices=BenchmarkSource.Ids.choices,
        widget=forms.RadioSelect,
    )
    metric = MetricChoiceField(
        label="Metric",
        queryset=Metric.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="None: the file names its indicators",
        help_text="For a file with no indicator column: the metric its figures are "
        "for.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sources = list(benchmark_sources())
        source_field = self.fields["source"]
        assert isinstance(source_field, forms.ChoiceField)
        source_field.choices = [
            ("", "Choose a source"),
            *((str(s.pk), s.name) for s in self.sources),
            (NEW_SOURCE, "A new source"),
        ]
        metric_field = self.fields["metric"]
        assert isinstance(metric_field, forms.ModelChoiceField)
        metric_field.queryset = metrics_to_choose()

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.casefold().endswith(".csv"):
            raise forms.ValidationError(f"{name} is not a CSV file.")
        if (upload.size or 0) > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"{name} is larger than 20 MB; import it with the import_benchmarks "
                "command instead."
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("source")
        if choice == NEW_SOURCE:
            name = (data.get("new_name") or "").strip()
            if not name:
                self.add_error("new_name", "Name the new source.")
            elif any(s.name.casefold() == name.casefold() for s in self.sources):
                self.add_error(
                    "new_name", f"There is a source named {name} already: choose it."
                )
            if not data.get("new_reader"):
                self.add_error("new_reader", "Say what kind of file it is.")
            if not data.get("new_ids"):
                self.add_error("new_ids", "Say how it names its indicators.")
            if (
                data.get("new_reader") == BenchmarkSource.Reader.FINGERTIPS
                and data.get("new_ids")
                and data.get("new_ids") != BenchmarkSource.Ids.FINGERTIPS
            ):
                self.add_error(
                    "new_ids", "A Fingertips download names its indicators by ID."
                )
            data["source_object"] = None
        elif choice:
            data["source_object"] = next(
                (s for s in self.sources if str(s.pk) == choice), None
            )
            if data["source_object"] is None:
                self.add_error("source", "Choose one of the sources listed.")
        return data


class ColumnMappingForm(forms.Form):
    """Which of the file's columns holds each field."""

    FIELDS = tuple(FIELD_LABELS)

    version = forms.IntegerField(widget=forms.HiddenInput)
    interval_level = forms.ChoiceField(
        label="The interval's level",
        choices=[(level, f"{level}%") for level in LEVELS],
        help_text="At which confidence level the lower and upper limits are.",
    )

    def __init__(
        self,
        *args: Any,
        headers: Sequence[str],
        initial_mapping: ColumnMapping,
        **kw: Any,
    ) -> None:
        initial = {name: getattr(initial_mapping, name) or "" for name in self.FIELDS}
        initial["interval_level"] = initial_mapping.interval_level
        kw.setdefault("initial", {}).update(initial)
        super().__init__(*args, **kw)
        choices = [("", "(no such column)"), *((h, h) for h in headers if h)]
        for name in self.FIELDS:
            required = name in ("area_code", "period", "value")
            self.fields[name] = forms.ChoiceField(
                label=FIELD_LABELS[name].capitalize(),
                choices=choices,
                required=required,
                error_messages={
                    "required": f"Say which column holds the {FIELD_LABELS[name]}."
                },
            )
        self.order_fields([*self.FIELDS, "interval_level", "version"])

    def mapping(self) -> ColumnMapping:
        data = self.cleaned_data
        return ColumnMapping(
            **{name: data.get(name) or None for name in self.FIELDS},
            interval_level=data["interval_level"],
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            for problem in self.mapping().problems():
                self.add_error(None, problem[0].upper() + problem[1:] + ".")
        return data


class IndicatorMappingForm(forms.Form):
    """A metric for each indicator the file brought that is not mapped."""

    def __init__(
        self, *args: Any, indicators: Sequence[Indicator], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        metrics = metrics_to_choose()
        for number, indicator in enumerate(self.indicators, start=1):
            self.fields[f"indicator_{number}"] = MetricChoiceField(
                label=indicator.name or indicator.key,
                queryset=metrics,
                to_field_name="code",
                required=False,
                empty_label="Not mapped: leave its rows out",
                help_text=f"{indicator.key}: {indicator.rows} row"
                + ("s" if indicator.rows != 1 else ""),
            )

    def chosen(self) -> list[tuple[Indicator, Metric]]:
        found = []
        for number, indicator in enumerate(self.indicators, start=1):
            metric = self.cleaned_data.get(f"indicator_{number}")
            if metric is not None:
                found.append((indicator, metric))
        return found

    def field_of(self, key: str) -> str:
        for number, indicator in enumerate(self.indicators, start=1):
            if indicator.key == key:
                return f"indicator_{number}"
        return "__all__"
