"""Forms for the import page, the review page, report runs and the commentary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from reports.opendata.headers import plan_period
from scorecard.domain.periods import Period
from strategies.models import Plan

ACCEPTED_EXTENSIONS = (".csv", ".xlsx")
MAX_FILE_BYTES = 50 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(
                    self.error_messages["required"], code="required"
                )
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        error_messages={"required": "Choose one or more files to import."},
        help_text=(
            "One or more council open-data files (either layout), or tidy files as "
            "CSV or Excel (.xlsx). The format is told from each file's header."
        ),
    )
    plan = forms.CharField(
        label="Plan (optional)",
        required=False,
        max_length=9,
        help_text=(
            "Whose headline and verdict columns to read, as the files name it, e.g. "
            '"2022-30". Leave blank for the newest plan in each file.'
        ),
    )
    year = forms.CharField(
        label="Report year (optional)",
        required=False,
        max_length=9,
        help_text=(
            'The year the verdicts are for, e.g. "2024-25". Leave blank for the '
            "latest end-of-year period in each file."
        ),
    )

    def clean_files(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["files"]
        for upload in files:
            name = upload.name or ""
            if not name.casefold().endswith(ACCEPTED_EXTENSIONS):
                raise forms.ValidationError(
                    f"{name} is not a CSV or Excel (.xlsx) file.", code="extension"
                )
            if (upload.size or 0) > MAX_FILE_BYTES:
                raise forms.ValidationError(
                    f"{name} is larger than 50 MB; import it with the "
                    "import_open_data command instead.",
                    code="size",
                )
        return files

    def clean_plan(self) -> str:
        text = self.cleaned_data["plan"].strip()
        if not text:
            return ""
        period = plan_period(text)
        if period is None:
            raise forms.ValidationError(
                'Enter the plan period as the files name it, e.g. "2022-30".'
            )
        return period

    def clean_year(self) -> str:
        text = self.cleaned_data["year"].strip()
        if not text:
            return ""
        try:
            period = Period.parse(text)
        except ValueError:
            period = None
        if period is None or period.frequency != "annual":
            raise forms.ValidationError('Enter a financial year such as "2024-25".')
        return str(period)


class ImportApplyForm(forms.Form):
    """Applying a preview: when it revises earlier figures or changes a year's
    headline counts, the person confirms they have checked them."""

    confirm = forms.BooleanField(required=False)

    def __init__(self, *args: Any, revisions: int = 0, years: int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.needed = bool(revisions or years)
        parts = []
        if revisions:
            parts.append(
                f"the {revisions} revision{'s' if revisions != 1 else ''} to earlier "
                "figures"
            )
        if years:
            parts.append(
                f"the change{'s' if years != 1 else ''} to {years} report "
                f"{'years’' if years != 1 else 'year’s'} headline counts"
            )
        self.fields["confirm"].label = "I have checked " + " and ".join(parts)

    def clean_confirm(self) -> bool:
        confirmed = bool(self.cleaned_data.get("confirm"))
        if self.needed and not confirmed:
            raise forms.ValidationError(
                "Confirm that you have checked the changes above before applying.",
                code="required",
            )
        return confirmed


class ImportUndoForm(forms.Form):
    reason = forms.CharField(
        label="Why is the import being undone?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the import is being undone."},
        help_text="Kept with the import's history.",
    )
    confirm = forms.BooleanField(
        label="I understand that everything this import wrote will be withdrawn",
        error_messages={
            "required": "Confirm that everything this import wrote is to be withdrawn."
        },
    )

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the import is being undone.")
        return reason


class ReportRunForm(forms.Form):
    """Start the annual (or half-year) report for a plan and period."""

    plan = forms.ModelChoiceField(
        queryset=Plan.objects.exclude(status=Plan.Status.DRAFT),
        empty_label=None,
    )
    period = forms.CharField(
        label="Period",
        max_length=10,
        help_text='A year, such as 2025/26, or a half year, such as "2025/26 H1".',
    )
    change_note = forms.CharField(
        label="What a correction changes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only for a report already published: shown with the new version.",
    )


class NarrativeForm(forms.Form):
    """The commentary's sentences, one box each (each keeps the figures it
    cites); empty leaves a sentence out. Or start again from the draft."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    redraft = forms.BooleanField(
        label="Start again from this version's draft",
        required=False,
        help_text="Replaces the sentences below with those the report drafts.",
    )

    def __init__(
        self, *args: Any, sentences: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.count = len(sentences)
        for index, sentence in enumerate(sentences):
            self.fields[f"sentence_{index}"] = forms.CharField(
                label=f"Sentence {index + 1}",
                required=False,
                max_length=1000,
                initial=sentence["text"],
                strip=True,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=f"Drafted: “{sentence.get('drafted', sentence['text'])}”",
            )

    def texts(self) -> list[str]:
        return [self.cleaned_data[f"sentence_{i}"] for i in range(self.count)]

    def sentence_fields(self) -> list[forms.BoundField]:
        return [self[f"sentence_{i}"] for i in range(self.count)]
