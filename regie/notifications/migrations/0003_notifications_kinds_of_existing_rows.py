"""Existing notifications get their kind and their record, from what they say and where they point.

Before this app, the interventions app wrote them in the recipient's language (English, French or German),
with the record's page as `url`. The kind comes from the title (the messages as they were written, in the
three languages), else from the url (a work order was only ever notified to its assignees), else "message";
the record from the url, when it still exists. The content type of the model moves with it, so what pointed
at it (permissions) keeps pointing at it. Reversible: the fields go away with 0002's reversal.

The rules are frozen here, not imported from the apps: this migration must give the same result whatever the
code becomes.
"""

import re

from django.db import migrations

NUMBER = "{number}"
# kind → the title, in English, French and German, as the interventions app wrote it
TITLES = {
    "request_submitted": (
        "New request to validate: {number}",
        "Nouvelle demande à valider : {number}",
        "Neue Anforderung zur Freigabe: {number}",
    ),
    "request_validated": (
        "Request validated by the department: {number}",
        "Demande validée par le service : {number}",
        "Anforderung von der Abteilung freigegeben: {number}",
    ),
    "request_second_approval": (
        "Second approval needed: {number}",
        "Seconde approbation nécessaire : {number}",
        "Zweite Genehmigung erforderlich: {number}",
    ),
    "request_approved": (
        "Your request {number} is approved",
        "Votre demande {number} est approuvée",
        "Ihre Anforderung {number} wurde genehmigt",
    ),
    "request_rejected": (
        "Your request {number} is rejected",
        "Votre demande {number} est refusée",
        "Ihre Anforderung {number} wurde abgelehnt",
    ),
    "request_completed": (
        "Work done on your request {number}: please acknowledge it",
        "Travaux réalisés pour votre demande {number} : merci d’en prendre acte",
        "Arbeiten zu Ihrer Anforderung {number} erledigt: Bitte bestätigen Sie sie",
    ),
    "request_reopened": (
        "Request reopened: {number}",
        "Demande rouverte : {number}",
        "Anforderung wieder geöffnet: {number}",
    ),
    "request_cancelled": (
        "Request cancelled: {number}",
        "Demande annulée : {number}",
        "Anforderung storniert: {number}",
    ),
    "workorder_assigned": (
        "Work order for you: {number}",
        "Intervention qui vous est attribuée : {number}",
        "Arbeitsauftrag für Sie: {number}",
    ),
}
# url → (app_label, model) of the record it shows
RECORD_URLS = (
    (re.compile(r"^/interventions/requests/(\d+)/"), ("interventions", "interventionrequest")),
    (re.compile(r"^/interventions/work-orders/(\d+)/"), ("interventions", "workorder")),
)
KIND_OF_RECORD_URL = {("interventions", "workorder"): "workorder_assigned"}
MESSAGE = "message"


def _pattern(template):
    """A title template as a regex: any run of spaces (French puts a no-break space before ":") matches."""
    before, after = template.split(NUMBER)
    piece = lambda text: r"\s+".join(re.escape(word) for word in text.split(" "))  # noqa: E731
    return re.compile(rf"^\s*{piece(before)}\S+{piece(after)}\s*$", re.IGNORECASE)


PATTERNS = [(kind, _pattern(template)) for kind, templates in TITLES.items() for template in templates]


def derive_record(url):
    """(app_label, model, id) of the record `url` shows, or None."""
    for pattern, model in RECORD_URLS:
        match = pattern.match(url or "")
        if match:
            return (*model, int(match.group(1)))
    return None


def derive_kind(title, url):
    """The kind of a notification written before kinds existed."""
    for kind, pattern in PATTERNS:
        if pattern.match(title or ""):
            return kind
    record = derive_record(url)
    return KIND_OF_RECORD_URL.get(record[:2], MESSAGE) if record else MESSAGE


BATCH = 2000


def fill(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    ContentType = apps.get_model("contenttypes", "ContentType")
    _move_content_type(ContentType, "interventions", "notifications")
    last = 0
    while True:
        rows = list(Notification.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            break
        last = rows[-1].pk
        records = {row.pk: derive_record(row.url) for row in rows}
        names = _record_names(apps, ContentType, {r for r in records.values() if r})
        for row in rows:
            row.kind = derive_kind(row.title, row.url)
            record = records[row.pk]
            if record in names:
                row.content_type_id, row.object_id = names[record][0], record[2]
                row.object_repr = names[record][1]
        Notification.objects.bulk_update(rows, ["kind", "content_type", "object_id", "object_repr"])


def _record_names(apps, ContentType, records):
    """{(app_label, model, id): (content type id, "number — title")} of the records that exist."""
    names = {}
    for app_label, model in {r[:2] for r in records}:
        ids = [r[2] for r in records if r[:2] == (app_label, model)]
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        for pk, number, title in (
            apps.get_model(app_label, model).objects.filter(pk__in=ids).values_list("pk", "number", "title")
        ):
            names[(app_label, model, pk)] = (content_type.pk, f"{number} — {title}"[:200])
    return names


def _move_content_type(ContentType, source, target):
    if not ContentType.objects.filter(app_label=target, model="notification").exists():
        ContentType.objects.filter(app_label=source, model="notification").update(app_label=target)


def unfill(apps, schema_editor):
    _move_content_type(apps.get_model("contenttypes", "ContentType"), "notifications", "interventions")


class Migration(migrations.Migration):
    dependencies = [
        ("interventions", "0010_notifications_move_out"),
        ("notifications", "0002_notifications_kind_and_record"),
    ]

    operations = [migrations.RunPython(fill, unfill)]
