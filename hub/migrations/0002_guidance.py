"""The guidance the Hub starts with (hub/guidance.py), written once; from then on
the performance administrator edits it."""

from django.db import migrations
from django.utils import timezone


def write_guidance(apps, schema_editor):
    from hub.guidance import DEFAULT_PAGES

    HubPage = apps.get_model("hub", "HubPage")
    HistoricalHubPage = apps.get_model("hub", "HistoricalHubPage")
    now = timezone.now()
    for spec in DEFAULT_PAGES:
        if HubPage.objects.filter(slug=spec["slug"]).exists():
            continue
        page = HubPage.objects.create(**spec)
        fields = {f.attname: getattr(page, f.attname) for f in HubPage._meta.fields}
        HistoricalHubPage.objects.create(
            **fields,
            history_date=now,
            history_type="+",
            history_change_reason="Written with the product",
        )


class Migration(migrations.Migration):
    dependencies = [("hub", "0001_initial")]

    operations = [migrations.RunPython(write_guidance, migrations.RunPython.noop)]
