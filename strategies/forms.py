from django import forms

from strategies.models import Action


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Action.Status.choices)
    percent_complete = forms.IntegerField(
        label="Percent complete", min_value=0, max_value=100
    )
    narrative = forms.CharField(
        label="What has happened, and what happens next",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class UpdateReviewForm(forms.Form):
    """A manager's decision on an action update, with the update's version (a
    decision on a stale one is refused)."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("return", "Return it")],
        error_messages={"required": "Choose approve or return."},
    )
    comment = forms.CharField(
        label="Comment",
        help_text="Required to return it: say what needs to change.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
