"""Forms for the appraisal pages. They read and check input; services hold the rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone

from appraisals.models import AppraisalObjective, AppraisalRating
from appraisals.selectors import plan_link_choices
from appraisals.services import ObjectiveProgress, RatingInput


class VersionForm(forms.Form):
    """Carries the version of the record the person is looking at, so a change made
    meanwhile by someone else is refused rather than overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ObjectiveForm(forms.Form):
    title = forms.CharField(
        label="Objective",
        max_length=300,
        help_text="What you will achieve this year, in a sentence.",
    )
    link = forms.ChoiceField(
        label="Part of the plan it supports",
        help_text="The action, key strategy or priority this objective delivers.",
    )
    measure_of_success = forms.CharField(
        label="Measure of success",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How you and your manager will know it has been achieved.",
    )
    progress = forms.CharField(
        label="Progress so far",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    percent_complete = forms.IntegerField(
        label="Complete (%)", min_value=0, max_value=100, initial=0
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        links = plan_link_choices()
        self._targets: dict[str, Any] = {}
        actions: list[tuple[str, str]] = []
        for action in links["actions"]:
            key = f"action:{action.pk}"
            self._targets[key] = ("action", action)
            actions.append(
                (key, f"{action.title} ({action.action_plan.strategy.title})")
            )
        strategies = []
        for strategy in links["strategies"]:
            key = f"strategy:{strategy.pk}"
            self._targets[key] = ("strategy", strategy)
            strategies.append((key, strategy.title))
        priorities = []
        for priority in links["priorities"]:
            key = f"priority:{priority.pk}"
            self._targets[key] = ("priority", priority)
            priorities.append((key, f"{priority.title} ({priority.plan})"))
        self.fields["link"].choices = [
            ("", "Choose an action, key strategy or priority"),
            ("Actions in action plans", actions),
            ("Key strategies", strategies),
            ("Priorities of the plan", priorities),
        ]

    @staticmethod
    def initial_for(objective: AppraisalObjective) -> dict[str, Any]:
        link = objective.link
        return {
            "title": objective.title,
            "link": f"{objective.link_kind}:{link.pk}" if link else "",
            "measure_of_success": objective.measure_of_success,
            "progress": objective.progress,
            "percent_complete": objective.percent_complete,
            "version": objective.version,
        }

    def service_fields(self) -> dict[str, Any]:
        """The cleaned fields as appraisal_objective_create / appraisal_objective_update
        take them."""
        kind, target = self._targets[self.cleaned_data["link"]]
        fields = {
            "title": self.cleaned_data["title"],
            "measure_of_success": self.cleaned_data["measure_of_success"],
            "progress": self.cleaned_data["progress"],
            "percent_complete": self.cleaned_data["percent_complete"],
            "action": None,
            "strategy": None,
            "priority": None,
        }
        fields[kind] = target
        return fields


class RatingsForm(VersionForm):
    """A rating and evidence (the employee) or a rating and comment (the line
    manager) for each of the six values and six behaviours."""

    def __init__(
        self,
        *args: Any,
        ratings: Iterable[AppraisalRating],
        as_manager: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.as_manager = as_manager
        self.rows: list[tuple[AppraisalRating, str, str]] = []
        levels = [("", "Not rated yet"), *AppraisalRating.Level.choices]
        for rating in ratings:
            rating_name, text_name = f"{rating.key}-rating", f"{rating.key}-text"
            self.fields[rating_name] = forms.ChoiceField(
                label="Manager's rating" if as_manager else "Your rating",
                choices=levels,
                required=False,
                initial=rating.manager_rating if as_manager else rating.rating,
            )
            self.fields[text_name] = forms.CharField(
                label="Manager's comment" if as_manager else "Evidence",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=rating.manager_comment if as_manager else rating.evidence,
                help_text=""
                if as_manager
                else "What you did this year that shows it: an example or two.",
            )
            self.rows.append((rating, rating_name, text_name))

    def grouped(self) -> list[tuple[str, list[tuple[AppraisalRating, Any, Any]]]]:
        groups: dict[str, list[tuple[AppraisalRating, Any, Any]]] = {
            AppraisalRating.Kind.VALUE: [],
            AppraisalRating.Kind.BEHAVIOUR: [],
        }
        for rating, rating_name, text_name in self.rows:
            groups[rating.kind].append((rating, self[rating_name], self[text_name]))
        return [
            ("Values", groups[AppraisalRating.Kind.VALUE]),
            ("Behaviours", groups[AppraisalRating.Kind.BEHAVIOUR]),
        ]

    def ratings(self) -> dict[str, RatingInput]:
        return {
            rating.key: RatingInput(
                rating=self.cleaned_data[rating_name],
                text=self.cleaned_data[text_name],
            )
            for rating, rating_name, text_name in self.rows
        }


class DevelopmentNeedsForm(VersionForm):
    development_needs = forms.CharField(
        label="Development needs",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Training, experience or support that would help this year.",
    )


class ReviewForm(VersionForm):
    review = forms.CharField(label="Review", widget=forms.Textarea(attrs={"rows": 8}))


class OneToOneForm(forms.Form):
    date = forms.DateField(
        label="Date of the one-to-one",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    notes = forms.CharField(
        label="Notes",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you discussed and agreed.",
    )

    def __init__(
        self, *args: Any, objectives: Iterable[AppraisalObjective], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.objective_rows: list[tuple[AppraisalObjective, str, str]] = []
        for objective in objectives:
            note_name = f"objective-{objective.pk}-note"
            percent_name = f"objective-{objective.pk}-percent"
            self.fields[note_name] = forms.CharField(
                label="Progress discussed",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[percent_name] = forms.IntegerField(
                label="Complete now (%)",
                required=False,
                min_value=0,
                max_value=100,
                initial=objective.percent_complete,
            )
            self.objective_rows.append((objective, note_name, percent_name))

    def objective_fields(self) -> list[tuple[AppraisalObjective, Any, Any]]:
        return [
            (objective, self[note_name], self[percent_name])
            for objective, note_name, percent_name in self.objective_rows
        ]

    def progress(self) -> list[ObjectiveProgress]:
        items = []
        for objective, note_name, percent_name in self.objective_rows:
            percent = self.cleaned_data.get(percent_name)
            note = self.cleaned_data.get(note_name, "")
            if not note and percent in (None, objective.percent_complete):
                continue
            items.append(
                ObjectiveProgress(
                    objective_id=objective.pk, note=note, percent_complete=percent
                )
            )
        return items
