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
