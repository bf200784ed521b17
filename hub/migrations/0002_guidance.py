"""The guidance the Hub starts with (hub/guidance.py), written once; from then on
the performance administrator edits it."""

from django.db import migrations


def write_guidance(apps, schema_editor):
    from hub.guidance import write_default_pages

    write_default_pages(
        apps.get_model("hub", "HubPage"), apps.get_model("hub", "HistoricalHubPage")
    )


class Migration(migrations.Migration):
    dependencies = [("hub", "0001_initial")]

    operations = [migrations.RunPython(write_guidance, migrations.RunPython.noop)]
