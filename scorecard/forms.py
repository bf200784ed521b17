"""Forms for entering figures, reviewing them, and proposing metrics and targets.

Forms only check shapes; the rules are in scorecard.services."""

from typing import Any

from django import forms

from scorecard.domain.figures import expected_figure
from scorecard.domain.vocabulary import Progress, TargetStatus
from scorecard.models import Metric

BREAKDOWN_ROWS = 4


class SubmissionForm(forms.Form):
    value_text = forms.CharField(
        label="Figure",
        max_length=500,
        help_text='As you would write it: "291", "74.7", "19 out of 41", "£12.4m".',
    )
    numerator = forms.DecimalField(label="Numerator", required=False)
    denominator = forms.DecimalField(label="Denominator", required=False)
    lower_ci = forms.DecimalField(label="Lower confidence limit", required=False)
    upper_ci = forms.DecimalField(label="Upper confidence limit", required=False)
    note = forms.CharField(
        label="Note for your manager",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    progress_override = forms.ChoiceField(
        label="Progress verdict",
        required=False,
        choices=[("", "Use the calculated verdict")]
        + [(p.value, f"{p.symbol} {p.label}") for p in Progress],
    )
    target_status_override = forms.ChoiceField(
        label="Target status",
        required=False,
        choices=[("", "Use the calculated target status")]
        + [(t.value, f"{t.symbol} {t.label}") for t in TargetStatus],
    )
    override_reason = forms.CharField(
        label="Why you are confirming or overriding the verdict",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, metric: Metric | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if metric is not None:
            # Say what this metric takes, in its unit, before anyone gets it wrong.
            self.fields["value_text"].help_text = expected_figure(
                kind=metric.value_kind, unit=metric.unit, scale=metric.ordinal_scale
            )
        # As long as MetricValue's columns, so a long entry is refused beside its
        # field rather than by the model with no field named.
        for index in range(BREAKDOWN_ROWS):
            self.fields[f"breakdown_{index}"] = forms.CharField(
                label=f"Breakdown {index + 1}: dimension",
                max_length=50,
                required=False,
                help_text="For example sex, age band, ward.",
            )
            self.fields[f"group_{index}"] = forms.CharField(
                label=f"Breakdown {index + 1}: group", max_length=100, required=False
            )
            self.fields[f"group_value_{index}"] = forms.CharField(
                label=f"Breakdown {index + 1}: figure", max_length=500, required=False
            )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for index in range(BREAKDOWN_ROWS):
            names = [f"breakdown_{index}", f"group_{index}", f"group_value_{index}"]
            if any(name in self.errors for name in names):
                continue  # already refused (too long): not also "missing"
            parts = [data.get(name) for name in names]
            if any(parts) and not all(parts):
                self.add_error(
                    f"group_value_{index}" if parts[0] else f"breakdown_{index}",
                    "Give the dimension, the group and the figure, or none of them.",
                )
        return data

    def breakdown_rows(self) -> list[tuple[str, str, str]]:
        """The breakdowns given: (dimension, group, figure) for each filled row."""
        return [row for _, row in self.numbered_breakdown_rows()]

    def numbered_breakdown_rows(self) -> list[tuple[int, tuple[str, str, str]]]:
        """The breakdowns given, each with the number of its row (from 0)."""
        return [
            (
                i,
                (
                    self.cleaned_data[f"breakdown_{i}"].strip(),
                    self.cleaned_data[f"group_{i}"].strip(),
                    self.cleaned_data[f"group_value_{i}"].strip(),
                ),
            )
            for i in range(BREAKDOWN_ROWS)
            if self.cleaned_data.get(f"breakdown_{i}")
        ]

    def breakdown_fields(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"breakdown_{i}"], self[f"group_{i}"], self[f"group_value_{i}"]]
            for i in range(BREAKDOWN_ROWS)
        ]


class ApproveForm(forms.Form):
    """Approving a submission: final (its figure goes onto dashboards, reports and
    open data), so the manager confirms they have checked it."""

    confirm = forms.BooleanField(
        label="I have checked the figure and the verdict",
        help_text=(
            "Approving is final: the figure goes onto dashboards, reports and "
            "open data, and can no longer be returned."
        ),
        error_messages={
            "required": "Confirm you have checked the figure and the verdict."
        },
    )
    comment = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(forms.Form):
    """Returning a submission to its officer; the reason is required by
    services.submission_return, which names it as "comment"."""

    comment = forms.CharField(
        label="Reason for returning it",
        help_text="Say what needs to change. The officer is emailed it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class MetricProposalForm(forms.ModelForm):
    class Meta:
        model = Metric
        fields = [
            "name",
            "unit",
            "definition",
            "source",
            "perspective",
            "metric_type",
            "lead_lag",
            "nature",
            "value_kind",
            "delivery_mode",
            "good_direction",
            "frequency",
            "year_aggregation",
            "portfolio",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left blank, the metric takes the rule's (Metric.save).
        field = self.fields["year_aggregation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Set from the unit (the rule)"), *field.choices[1:]]


class TargetProposalForm(forms.Form):
    period = forms.CharField(
        label="Period",
        max_length=40,
        help_text='For example "2026-27" (or 2026/27, FY 26/27, "2026-27 Q2").',
    )
    text = forms.CharField(
        label="Target",
        max_length=300,
        help_text='As you would write it: "To increase", "95%", "<12%", '
        '"Better than statistical neighbours".',
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label="Your comment", widget=forms.Textarea(attrs={"rows": 3})
    )
