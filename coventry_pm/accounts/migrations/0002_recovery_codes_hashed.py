"""Recovery codes are stored as keyed hashes: the codes django-otp kept in plain
text (StaticToken) are hashed into RecoveryCode and the plain ones deleted. Going
back cannot recover the codes: people make new ones in their two-factor settings."""

from django.db import migrations, models

from coventry_pm.accounts.recovery_codes import recovery_code_hash


def hash_plain_codes(apps, schema_editor):
    StaticToken = apps.get_model("otp_static", "StaticToken")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    tokens = StaticToken.objects.all()
    seen = set()
    rows = []
    for token in tokens.iterator():
        code_hash = recovery_code_hash(token.token)
        if (token.device_id, code_hash) not in seen:
            seen.add((token.device_id, code_hash))
            rows.append(RecoveryCode(device_id=token.device_id, code_hash=code_hash))
    RecoveryCode.objects.bulk_create(rows, batch_size=1000)
    tokens.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [
        migrations.CreateModel(
            name="RecoveryCode",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("code_hash", models.CharField(max_length=64)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "device",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="recovery_codes",
                        to="otp_static.staticdevice",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("device", "code_hash"), name="unique_recovery_code"
                    )
                ],
            },
        ),
        migrations.RunPython(hash_plain_codes, migrations.RunPython.noop),
    ]
