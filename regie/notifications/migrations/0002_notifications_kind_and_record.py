"""The table takes this app's name; a notification gets a kind and a link to its record (0003 fills them in)."""

import django.db.models.deletion
from django.db import migrations, models

import regie.notifications.models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_user_email_notifications"),
        ("interventions", "0010_notifications_move_out"),
        ("notifications", "0001_notifications_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="notification", table=None),
        migrations.AddField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                default="message",
                max_length=64,
                validators=[regie.notifications.models.validate_kind],
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="content_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="contenttypes.contenttype",
                verbose_name="record type",
            ),
        ),
        migrations.AddField(
            model_name="notification",
            name="object_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="record"),
        ),
        migrations.AddField(
            model_name="notification",
            name="object_repr",
            field=models.CharField(blank=True, max_length=200, verbose_name="record"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["recipient", "organization", "read_at", "-created_at"], name="notif_unread"),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                fields=["recipient", "organization", "content_type", "object_id", "-created_at"], name="notif_record"
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.CheckConstraint(
                condition=models.Q(("content_type__isnull", True), ("object_id__isnull", True))
                | models.Q(("content_type__isnull", False), ("object_id__isnull", False)),
                name="notification_record_whole",
            ),
        ),
    ]
