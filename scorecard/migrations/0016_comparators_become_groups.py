"""Every named comparator series becomes a comparator group with published figures
and no members (issue 19): nothing imported is lost, and a target naming it is
assessed as before."""

from django.db import migrations

from scorecard.domain.groups import group_kind_for_comparator


def forwards(apps, schema_editor):
    Comparator = apps.get_model("scorecard", "Comparator")
    ComparatorGroup = apps.get_model("scorecard", "ComparatorGroup")
    taken = {name.casefold() for name in ComparatorGroup.objects.values_list("name", flat=True)}
    for comparator in Comparator.objects.filter(group__isnull=True):
        name = comparator.name
        if name.casefold() in taken:
            continue
        ComparatorGroup.objects.create(
            name=name,
            kind=group_kind_for_comparator(name, comparator.kind == "national"),
            comparator=comparator,
        )
        taken.add(name.casefold())


class Migration(migrations.Migration):
    dependencies = [("scorecard", "0015_benchmarking")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
