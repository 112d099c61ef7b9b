# The numbering sequences move from interventions to core (every module numbers its records): a new table,
# filled from the old one, which interventions' next migration drops.

import django.db.models.deletion
from django.db import migrations, models


def copy_counters(apps, schema_editor, source, target):
    old, new = apps.get_model(*source), apps.get_model(*target)
    fields = ("organization_id", "prefix", "year", "value")
    new.objects.bulk_create(new(**dict(zip(fields, row, strict=True))) for row in old.objects.values_list(*fields))


def forwards(apps, schema_editor):
    copy_counters(apps, schema_editor, ("interventions", "Counter"), ("core", "Counter"))


def backwards(apps, schema_editor):
    apps.get_model("interventions", "Counter").objects.all().delete()
    copy_counters(apps, schema_editor, ("core", "Counter"), ("interventions", "Counter"))


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_user_email_notifications"),
        ("interventions", "0005_work_order_team_created_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="Counter",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("prefix", models.CharField(max_length=8)),
                ("year", models.PositiveSmallIntegerField()),
                ("value", models.PositiveIntegerField(default=0)),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.organization"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("organization", "prefix", "year"), name="core_counter_unique")
                ],
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
