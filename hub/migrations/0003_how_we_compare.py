"""The Hub's guidance on benchmarking (issue 19), written once beside the pages
already there (write_default_pages writes only the missing ones)."""

from django.db import migrations


def write_guidance(apps, schema_editor):
    from hub.guidance import write_default_pages

    write_default_pages(
        apps.get_model("hub", "HubPage"), apps.get_model("hub", "HistoricalHubPage")
    )


class Migration(migrations.Migration):
    dependencies = [("hub", "0002_guidance")]

    operations = [migrations.RunPython(write_guidance, migrations.RunPython.noop)]
