from django import forms

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class AreaUploadForm(forms.Form):
    breakdown = forms.CharField(
        label="Breakdown",
        max_length=50,
        initial="ward",
        help_text="The breakdown whose groups are these areas, as figures name it: "
        '"ward", "locality" …',
    )
    name = forms.CharField(
        label="Name of the layout",
        max_length=200,
        required=False,
        help_text='Shown under each map, e.g. "Wards (hexagons)".',
    )
    file = forms.FileField(
        label="Areas file",
        help_text="A hexagon layout as CSV (columns name, column, row and, if you "
        "like, code) or boundaries as GeoJSON (longitude and latitude). At most 5 MB.",
    )
    name_property = forms.CharField(
        label="GeoJSON property that names each area",
        max_length=100,
        required=False,
        help_text='Leave empty to use "name" (or a property such as WD23NM).',
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than 5 MB; simplify the boundaries first."
            )
        return upload
