# The numbering sequences now live in core (core.0004 copied them): the old table goes.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0005_work_order_team_created_index"),
        ("core", "0004_lead_counter"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="counter", name="counter_unique"),
        migrations.DeleteModel(name="Counter"),
    ]
