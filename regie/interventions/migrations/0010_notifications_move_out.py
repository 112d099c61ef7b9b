"""Notification now belongs to the `notifications` app (its 0001 takes the model over, table and rows kept)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0009_attachments_remove_attachment"),
        ("notifications", "0001_notifications_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
