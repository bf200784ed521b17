from django import forms

from hub.models import HubPage

# Addresses the Hub's own pages use.
RESERVED_SLUGS = {"metrics", "new"}


class HubPageForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="What did you change, and why?",
        max_length=100,
        help_text="Kept in the page's history with your name and the time.",
    )

    class Meta:
        model = HubPage
        fields = ["title", "slug", "summary", "section", "sort_order", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "cols": 80})}
        help_texts = {
            "slug": "The page's address: /hub/<this>/. Lower case, digits and hyphens.",
        }

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                f"“{slug}” is the address of another Hub page; choose another."
            )
        return slug
