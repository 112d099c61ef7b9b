"""Copy the files of requests and work orders to the generic attachments model (regie.attachments).

The stored files stay where they are (same storage names); they were checked by their first bytes only when
uploaded, so they have no thumbnail. Reversible: the way back copies the generic rows of requests and work
orders into the old table (run before its model is re-created by reversing 0007).
"""

from django.db import migrations


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="interventions", model=model)[0]


def forward(apps, schema_editor):
    Old = apps.get_model("interventions", "Attachment")
    New = apps.get_model("attachments", "Attachment")
    request_type, work_order_type = _content_type(apps, "interventionrequest"), _content_type(apps, "workorder")
    for old in Old.objects.order_by("pk").iterator():
        on_work_order = old.work_order_id is not None
        new = New.objects.create(
            organization_id=old.organization_id,
            content_type=work_order_type if on_work_order else request_type,
            object_id=old.work_order_id if on_work_order else old.request_id,
            file=old.file.name,
            original_name=old.original_name[:200],
            mime=old.content_type,
            size=old.size,
            kind="photo" if old.content_type.startswith("image/") else "document",
            uploaded_by_id=old.uploaded_by_id,
        )
        # auto_now_add/auto_now stamp the copy: keep the original dates.
        New.objects.filter(pk=new.pk).update(
            created_at=old.created_at, updated_at=old.updated_at, archived_at=old.archived_at
        )


def backward(apps, schema_editor):
    Old = apps.get_model("interventions", "Attachment")
    New = apps.get_model("attachments", "Attachment")
    request_type, work_order_type = _content_type(apps, "interventionrequest"), _content_type(apps, "workorder")
    for new in New.objects.filter(content_type__in=[request_type, work_order_type]).order_by("pk").iterator():
        on_work_order = new.content_type_id == work_order_type.pk
        old = Old.objects.create(
            organization_id=new.organization_id,
            request_id=None if on_work_order else new.object_id,
            work_order_id=new.object_id if on_work_order else None,
            file=new.file.name,
            original_name=new.original_name,
            content_type=new.mime,
            size=new.size,
            uploaded_by_id=new.uploaded_by_id,
        )
        Old.objects.filter(pk=old.pk).update(
            created_at=new.created_at, updated_at=new.updated_at, archived_at=new.archived_at
        )
        new.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0007_concurrency_max_daily_hours"),
        ("attachments", "0001_attachments_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forward, backward)]
