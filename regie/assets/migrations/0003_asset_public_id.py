"""The asset's short URL token (QR labels): added empty, filled for the existing rows, then made unique."""

from django.db import migrations, models

import regie.assets.models.assets


def fill_public_ids(apps, schema_editor):
    Asset = apps.get_model("assets", "Asset")
    new_id = regie.assets.models.assets.new_public_id
    pending = list(Asset.objects.filter(public_id__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(pending), 2000):
        batch = [Asset(pk=pk, public_id=new_id()) for pk in pending[start : start + 2000]]
        Asset.objects.bulk_update(batch, ["public_id"])


class Migration(migrations.Migration):
    dependencies = [("assets", "0002_transfers")]

    operations = [
        migrations.AddField(
            model_name="asset",
            name="public_id",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="short URL token"),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="asset",
            name="public_id",
            field=models.CharField(
                default=regie.assets.models.assets.new_public_id,
                editable=False,
                max_length=16,
                unique=True,
                verbose_name="short URL token",
            ),
        ),
    ]
