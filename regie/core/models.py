"""Platform models: users, organizations (the tenants), memberships with roles, sharing, audit trail.

Every tenant-owned model inherits `TenantModel`: a non-null, indexed `organization`, and a manager whose
`for_org(org)` is the only way views, API and selectors reach its rows (see docs/architecture.md).
"""

import functools

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .context import forget, memoized
from .fields import BoundedTextField, sort_key_fields
from .permissions import Role
from .validators import ADDRESS_LENGTH, REASON_LENGTH, REPORT_LENGTH, bounded, plausible_date, validate_siren


def unique_code(model_name):
    """The constraint of a reference record's `code`: unique among the organization's records in use."""
    return models.UniqueConstraint(
        fields=["organization", "code"],
        condition=Q(archived_at__isnull=True),
        name=f"{model_name}_code_unique",
        violation_error_message=_("This code is already used in your organization."),
        violation_error_code="duplicate_code",
    )


SHARED_INLINE = 1000  # shared ids written into a tenant query as a list, beyond which it reads them by subquery


class TenantQuerySet(models.QuerySet):
    def for_org(self, organization):
        """Rows this organization owns, plus rows explicitly shared with it (`Share`) for shareable models.

        The shared ids are read first (one small query on the shares' target index) and written into the query as
        a list, none when nothing is shared: `organization = X OR id IN (subquery)` hides from the planner how
        many rows it keeps, and PostgreSQL then sorts a whole organization's rows for a first page (0.5 s at
        500,000 assets) or scans a whole index in order for an organization that has few (0.4 s). Beyond
        SHARED_INLINE ids the subquery stays. Read once per request (`context.memoized`; a share written in the
        request forgets it)."""
        own = Q(organization=organization)
        if getattr(self.model, "shareable", False):
            key = ("shares", getattr(organization, "pk", organization), self.model._meta.label)
            ids = memoized(  # the shares' query built only when read (building it cost more than the memo saves)
                key,
                lambda: list(
                    shared_ids(organization, self.model).values_list("object_id", flat=True)[: SHARED_INLINE + 1]
                ),
            )
            if len(ids) > SHARED_INLINE:
                own |= Q(pk__in=shared_ids(organization, self.model))
            elif ids:
                own |= Q(pk__in=ids)
        return self.filter(own)._knowing(organization)

    def owned_by(self, organization):
        """Rows this organization owns: the only rows it may change."""
        return self.filter(organization=organization)._knowing(organization)

    def _knowing(self, organization):
        """Rows of `organization` come back with `row.organization` already set to that object (no query to read
        it, and the per-organization caches it carries, such as its settings, are shared): Django's mechanism for
        a related manager's rows (`_known_related_objects`), which select_related and shared rows bypass."""
        if not isinstance(organization, Organization) or organization.pk is None:
            return self
        clone = self._chain()
        field = self.model._meta.get_field("organization")
        clone._known_related_objects = {**clone._known_related_objects, field: {organization.pk: organization}}
        return clone

    def active(self):
        return self.filter(archived_at__isnull=True)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    pass


class ArchivableModel(models.Model):
    """Domain records are archived, never deleted through the UI or API."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self):
        return self.archived_at is not None


class TenantModel(ArchivableModel):
    organization = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    shareable = False
    objects = TenantManager()

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        """A save of some fields writes the sort keys computed from them too (`core.fields.SortKeyField`)."""
        if update_fields is not None:
            named = set(update_fields)
            keys = [f.name for f in sort_key_fields(type(self)) if named & set(f.sources) and f.name not in named]
            update_fields = [*update_fields, *keys]
        super().save(*args, update_fields=update_fields, **kwargs)

    def validate_constraints(self, exclude=None):
        """A rule "unique within the organization" (organization + one field) is that field's error, as Django
        makes a single-field unique constraint's: the form and the API show it beside the field, not on top."""
        errors = {}
        using = router.db_for_write(type(self), instance=self)
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    fields = [name for name in getattr(constraint, "fields", ()) if name != "organization"]
                    if isinstance(constraint, models.UniqueConstraint) and len(fields) == 1:
                        errors.setdefault(fields[0], []).append(error)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class User(AbstractUser):
    class EmailNotifications(models.TextChoices):
        EACH = "each", _("one e-mail per notification")
        DIGEST = "digest", _("a daily summary")
        OFF = "off", _("no e-mail (notification centre only)")

    email = models.EmailField(_("e-mail address"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email_notifications = models.CharField(
        _("notification e-mails"), max_length=8, choices=EmailNotifications.choices, default=EmailNotifications.EACH
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(fields=["email"], condition=~Q(email=""), name="user_email_unique_when_set")
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class Organization(ArchivableModel):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        AGGLOMERATION = "ca", _("Communauté d'agglomération")
        COMMUNITY = "cc", _("Communauté de communes")
        URBAN = "cu", _("Communauté urbaine")
        METROPOLIS = "metropole", _("Métropole")
        SYNDICATE = "syndicat", _("Syndicat intercommunal")

    EPCI_KINDS = (Kind.AGGLOMERATION, Kind.COMMUNITY, Kind.URBAN, Kind.METROPOLIS, Kind.SYNDICATE)

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COMMUNE)
    siren = models.CharField(_("SIREN number"), max_length=9, unique=True, validators=[validate_siren])
    insee_code = models.CharField(_("INSEE code"), max_length=5, blank=True)
    epci = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="member_communes",
        verbose_name=_("inter-municipal body"),
        limit_choices_to={"kind__in": EPCI_KINDS},
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True, validators=bounded(0, 100_000_000))
    address = BoundedTextField(_("address"), max_length=ADDRESS_LENGTH, blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    timezone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    currency = models.CharField(_("currency"), max_length=3, default="EUR")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(epci=models.F("id")), name="organization_not_own_epci"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_epci(self):
        return self.kind in self.EPCI_KINDS

    # An organization is its own tenant: the generic services read `instance.organization(_id)`.
    @property
    def organization(self):
        return self

    @property
    def organization_id(self):
        return self.pk


class Membership(ArchivableModel):
    """A user's role in one organization. A user may belong to several organizations."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    department = models.ForeignKey(
        "people.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("department"),
        help_text=_("For requesters and department heads: the department they act for."),
    )
    contractor = models.ForeignKey(
        "people.Contractor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("contractor"),
        help_text=_("For contractor users: the company they work for."),
    )

    objects = TenantManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(archived_at__isnull=True),
                name="membership_unique",
            ),
            models.CheckConstraint(
                condition=~Q(role="contractor") | Q(contractor__isnull=False),
                name="membership_contractor_set",
            ),
        ]
        indexes = [models.Index(fields=["user", "organization"], name="membership_user_org")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} ({self.organization})"


SHARE_DATES = plausible_date(years_back=20, years_ahead=20)


class ShareQuerySet(TenantQuerySet):
    def in_force(self, on=None):
        """The active shares whose period holds `on` (default: today in the organization's time zone); an open
        start or end is no bound."""
        day = on or timezone.localdate()
        return (
            self.active()
            .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day))
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        )


@functools.cache
def shareable_models():
    return tuple(model for model in apps.get_models() if getattr(model, "shareable", False))


def nothing_shared_with(organization):
    """This request learns that no active share targets `organization` (read with the member's memberships:
    `tenancy.memberships_of`): `for_org` then sees no shared rows of any model without querying the shares. The
    fact is the request's (`context.memoized`), and a share written in the request forgets it (`Share.save`)."""
    for model in shareable_models():
        memoized(("shares", organization.pk, model._meta.label), list)


def shared_ids(organization, model, on=None):
    """What `organization` sees through shares: the ids (a subquery) of `model`'s rows lent to it by shares in
    force `on` (default today). The one rule of `TenantQuerySet.for_org` and of the reads that take the shared rows
    apart from the organization's own (the map's cells)."""
    return (
        Share.objects.in_force(on)
        .filter(target=organization, content_type=ContentType.objects.get_for_model(model))
        .values("object_id")
    )


class Share(ArchivableModel):
    """Explicit sharing ("mutualisation"): `organization` lends one of its records to `target`."""

    class Rights(models.TextChoices):
        VIEW = "view", _("View")
        USE = "use", _("View and use")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="shares_given", verbose_name=_("owner")
    )
    target = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="shares_received", verbose_name=_("shared with")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    resource = GenericForeignKey("content_type", "object_id")
    rights = models.CharField(_("rights"), max_length=8, choices=Rights.choices, default=Rights.VIEW)
    recharge_rate = models.DecimalField(
        _("recharged cost share (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=bounded(0, 100),
        help_text=_("Share of the costs charged back to the organization that uses the resource."),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True, validators=[SHARE_DATES])
    ends_on = models.DateField(_("until"), null=True, blank=True, validators=[SHARE_DATES])

    objects = ShareQuerySet.as_manager()

    class Meta:
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "target"],
                condition=Q(archived_at__isnull=True),
                name="share_unique_active",
            ),
            models.CheckConstraint(condition=~Q(organization=models.F("target")), name="share_not_self"),
            models.CheckConstraint(
                condition=Q(recharge_rate__gte=0) & Q(recharge_rate__lte=100), name="share_rate_percent"
            ),
        ]
        indexes = [models.Index(fields=["target", "content_type", "object_id"], name="share_target_lookup")]

    def __str__(self):
        return f"{self.content_type.name} #{self.object_id} → {self.target}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget("shares")  # what this request read of the shares (`for_org`) is stale

    def delete(self, *args, **kwargs):
        forget("shares")
        return super().delete(*args, **kwargs)


class AuditEvent(models.Model):
    """One change of one record: who, when, through which channel, what changed (field → [old, new])."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        ARCHIVE = "archive", _("Archived")
        RESTORE = "restore", _("Restored")
        TRANSITION = "transition", _("Status changed")
        LOGIN = "login", _("Signed in")

    class Channel(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        IMPORT = "import", _("Import")
        MOBILE = "mobile", _("Mobile")
        SYSTEM = "system", _("System job")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("record type"))
    object_id = models.PositiveBigIntegerField(_("record"))
    object_repr = models.CharField(_("record"), max_length=200)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=False)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = BoundedTextField(_("reason"), max_length=REASON_LENGTH, blank=True)

    objects = TenantManager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["organization", "content_type", "object_id", "-at"], name="audit_record_timeline"),
            models.Index(fields=["organization", "-at"], name="audit_org_recent"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.object_repr}"


class LoginSession(models.Model):
    """Which sessions belong to which user, so deactivation can end them all at once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session_key"], name="login_session_unique")]

    def __str__(self):
        return f"{self.user_id}:{self.created_at:%Y-%m-%d %H:%M}"


class Counter(models.Model):
    """Per-organization sequences behind record numbers (DI-2026-000042, BT-…, asset codes, purchase orders):
    `year` 0 for a sequence that never restarts. Incremented by `core.numbering.next_number`, never edited."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "prefix", "year"], name="core_counter_unique")]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.value}"


class ScheduledJobState(models.Model):
    """One row per periodic job (`core.scheduler`): the row two schedulers lock to claim a run, and its last one.

    Platform rows, not an organization's: a job works for every organization at once."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished at"), null=True, blank=True)
    # set while a run holds the job (cleared at its end); an older one is a scheduler that died mid-run
    running_since_at = models.DateTimeField(_("running since"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class JobRun(models.Model):
    """One run of a scheduled job: when, how it ended, its summary or its error (a bounded history per job)."""

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCESS = "success", _("Succeeded")
        FAILURE = "failure", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        MANUAL = "manual", _("Run now")

    job = models.ForeignKey(ScheduledJobState, on_delete=models.CASCADE, related_name="runs", verbose_name=_("job"))
    trigger = models.CharField(_("trigger"), max_length=8, choices=Trigger.choices, default=Trigger.SCHEDULE)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices, default=Outcome.RUNNING)
    summary = BoundedTextField(_("summary"), max_length=REASON_LENGTH, blank=True)
    error = BoundedTextField(_("error"), max_length=REPORT_LENGTH, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["job", "-started_at"], name="core_jobrun_recent")]

    def __str__(self):
        return f"{self.job_id} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self):
        return None if self.finished_at is None else self.finished_at - self.started_at

    @property
    def error_line(self):
        """The traceback's last line: the exception and its message."""
        lines = [line for line in self.error.splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""
