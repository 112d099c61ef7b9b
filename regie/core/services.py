"""Generic record services (create, update, archive, restore) that every app's services build on.

Each is one transaction that checks the permission matrix, locks the row it changes, validates, saves
with precise `update_fields`, and writes the audit event. App services wrap them with their own rules.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from . import audit
from .access import authorize
from .exceptions import Conflict
from .validators import moving_bounds


def validate_record(obj, m2m=None, exclude=()):
    """Model validation (fields, constraints) and the same-tenant check of every key: what each write runs."""
    obj.full_clean(exclude=exclude, validate_constraints=True)
    check_same_tenant(obj, m2m)


def check_same_tenant(obj, m2m=None):
    """Defence in depth: a record may point only at records its organization owns or was lent."""
    from .models import TenantModel

    errors = {}
    for field in obj._meta.concrete_fields:
        if field.is_relation and issubclass(field.related_model, TenantModel) and field.name != "organization":
            related_id = getattr(obj, field.attname)
            loaded = field.get_cached_value(obj) if field.is_cached(obj) else None
            if loaded is not None and loaded.pk == related_id and loaded.organization_id == obj.organization_id:
                continue  # already known to be the organization's own: no query
            if (
                related_id is not None
                and not field.related_model.objects.for_org(obj.organization).filter(pk=related_id).exists()
            ):
                errors[field.name] = [gettext("This choice does not exist in your organization.")]
    for name, values in (m2m or {}).items():
        model = obj._meta.get_field(name).related_model
        ids = {v.pk if hasattr(v, "pk") else v for v in values}
        if ids and model.objects.for_org(obj.organization).filter(pk__in=ids).count() != len(ids):
            errors[name] = [gettext("This choice does not exist in your organization.")]
    if errors:
        raise ValidationError(errors)


def validate_fast(obj, exclude=()):
    """Field validation without a query per foreign key or check constraint, for hot write paths.

    Foreign keys are checked by `check_same_tenant` (stricter: the organization's own or lent records);
    check constraints are enforced by the database and by the services' own rules with better messages.
    """
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    errors = {}
    try:
        obj.full_clean(exclude=[*relations, *exclude], validate_constraints=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    for field in obj._meta.concrete_fields:
        if field.is_relation and not field.null and not field.blank and getattr(obj, field.attname) is None:
            errors.setdefault(field.name, []).append(field.error_messages["null"])
    if errors:
        raise ValidationError(errors)
    check_same_tenant(obj)


def _check_integrity(error):
    raise Conflict(code="integrity_error") from error


@transaction.atomic
def create_record(model, *, by, organization, action, data, m2m=None):
    """Create a tenant record of `organization` from plain `data` (field name → value)."""
    authorize(by, organization, action)
    obj = model(organization=organization, **data)
    validate_record(obj, m2m)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as error:
        _check_integrity(error)
    changes = audit.diff({}, audit.snapshot(obj))
    for name, values in (m2m or {}).items():
        getattr(obj, name).set(values)
        changes[name] = [None, sorted(v.pk if hasattr(v, "pk") else int(v) for v in values)]
    audit.record(obj, action=audit.Action.CREATE, by=by, changes=changes)
    return obj


def is_stale(obj, expected_updated_at):
    """True when the version the user saw is not the record's current one.

    Forms send the full timestamp (exact comparison); HTTP `If-Unmodified-Since` has whole seconds only.
    """
    if expected_updated_at is None:
        return False
    if expected_updated_at.microsecond:
        return obj.updated_at != expected_updated_at
    return obj.updated_at.replace(microsecond=0) != expected_updated_at


def lock(instance):
    """Re-read `instance` with a row lock (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers).

    Related objects already loaded on `instance` are kept when the locked row still points at them.
    """
    fresh = type(instance).objects.select_for_update().get(pk=instance.pk)
    for field in instance._meta.concrete_fields:
        if field.is_relation and field.is_cached(instance):
            related = field.get_cached_value(instance)
            if related is not None and getattr(fresh, field.attname) == related.pk:
                field.set_cached_value(fresh, related)
    return fresh


@transaction.atomic
def update_record(instance, *, by, action, data, m2m=None, expected_updated_at=None):
    """Change fields of an owned record. A stale `expected_updated_at` (someone saved meanwhile) → Conflict."""
    authorize(by, instance.organization, action)
    obj = lock_for_change(instance, expected_updated_at)
    before = audit.snapshot(obj, data.keys())
    for name, value in data.items():
        setattr(obj, name, value)
    validate_record(obj, m2m, exclude=moving_bounds(obj, data))
    try:
        with transaction.atomic():
            obj.save(update_fields=[*data.keys(), "updated_at"])
    except IntegrityError as error:
        _check_integrity(error)
    changes = audit.diff(before, audit.snapshot(obj, data.keys()))
    for name, values in (m2m or {}).items():
        old = sorted(getattr(obj, name).values_list("pk", flat=True))
        new = sorted(v.pk if hasattr(v, "pk") else int(v) for v in values)
        if old != new:
            getattr(obj, name).set(new)
            changes[name] = [old, new]
    if changes:
        audit.record(obj, action=audit.Action.UPDATE, by=by, changes=changes)
    return obj


def mark_archived(obj, message=None):
    """Archive `obj`, which the caller has locked; a Conflict (`archived`, with `message`) if it already is."""
    if obj.archived_at is not None:
        raise Conflict(message, code="archived")
    obj.archived_at = timezone.now()
    obj.save(update_fields=["archived_at", "updated_at"])
    return obj


@transaction.atomic
def archive_record(instance, *, by, action, reason=""):
    authorize(by, instance.organization, action)
    obj = mark_archived(lock(instance), _archived_message())
    audit.record(obj, action=audit.Action.ARCHIVE, by=by, reason=reason)
    return obj


@transaction.atomic
def restore_record(instance, *, by, action):
    authorize(by, instance.organization, action)
    obj = lock(instance)
    if obj.archived_at is None:
        raise Conflict(code="not_archived")
    obj.archived_at = None
    try:
        with transaction.atomic():
            obj.save(update_fields=["archived_at", "updated_at"])
    except IntegrityError as error:
        _check_integrity(error)
    audit.record(obj, action=audit.Action.RESTORE, by=by)
    return obj


def _archived_message():
    return gettext("This record is archived: restore it before changing it.")


def lock_for_change(instance, expected_updated_at=None, archived_message=None):
    """`instance`'s row locked for a change (`lock`): a Conflict if it is archived (`archived_message`, else the
    record's) or if someone saved it since the form read it (a stale `expected_updated_at`)."""
    obj = lock(instance)
    if obj.archived_at is not None:
        raise Conflict(archived_message or _archived_message(), code="archived")
    if is_stale(obj, expected_updated_at):
        raise Conflict()
    return obj


def record_services(model, resource):
    """The create and update services of a plain reference record (no rule beyond its model's)."""
    action = f"{resource}.manage"

    def create(*, by, organization, data, m2m=None):
        return create_record(model, by=by, organization=organization, action=action, data=data, m2m=m2m)

    def update(instance, *, by, data, m2m=None, expected_updated_at=None):
        return update_record(
            instance, by=by, action=action, data=data, m2m=m2m, expected_updated_at=expected_updated_at
        )

    create.__doc__ = f"Create a {model.__name__} (permission {action})."
    update.__doc__ = f"Change a {model.__name__} (permission {action}); a stale version is a Conflict."
    return create, update


def set_email_preference(*, by, value):
    """How `by` wants notification e-mails: one each, a daily summary, or none (for their account, everywhere)."""
    from .models import User

    if value not in User.EmailNotifications.values:
        message = gettext("Choose one of the options offered.")
        raise ValidationError({"email_notifications": [message]}, code="invalid_choice")
    User.objects.filter(pk=by.pk).update(email_notifications=value)
    by.email_notifications = value
    return by
