"""Django admin for organization administrators: reference data of the current organization only.

Writes go through the same services as the UI and API (permission matrix, audit trail); records are
archived, never deleted. Platform operators (superusers) also manage organizations and users here.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .exceptions import DomainError
from .forms import refuse_impossible_ids
from .models import AuditEvent, Organization, Share, User
from .permissions import can
from .services import archive_record
from .tenancy import member_users


class RegieAdminSite(admin.AdminSite):
    site_header = _("Régie administration")
    site_title = _("Régie")
    index_title = _("Reference data")
    tenant_exempt_reason = (
        "scopes itself: TenantAdmin shows the current organization's rows, the rest is superuser-only"
    )

    def has_permission(self, request):
        membership = getattr(request, "membership", None)
        if not (request.user.is_active and request.user.is_authenticated):
            return False
        return request.user.is_superuser or (membership is not None and can(membership.role, "admin.access"))


admin_site = RegieAdminSite(name="admin")


class TenantAdminForm(forms.ModelForm):
    """Validates with the current organization set, so per-organization rules (unique codes) are form errors.

    The admin cannot turn an exception raised in `save_model` into a form error: it would be a server error.
    """

    organization = None  # set by TenantAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        refuse_impossible_ids(self)

    def _post_clean(self):
        if self.instance.organization_id is None and self.organization is not None:
            self.instance.organization = self.organization
        super()._post_clean()

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # Not form fields, but the key and the condition of the per-organization unique constraints.
        return exclude - {"organization", "archived_at"}


class MatrixAdmin(admin.ModelAdmin):
    """An admin page open to the roles the permission matrix gives `admin_action`; nothing is ever deleted."""

    admin_action = "admin.access"

    def _allowed(self, request):
        membership = getattr(request, "membership", None)
        return membership is not None and can(membership.role, self.admin_action)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return False


class TenantAdmin(MatrixAdmin):
    """Scoped to the current organization; saves through the app's services; archive instead of delete."""

    services = None  # (create, update) service functions
    form = TenantAdminForm
    actions = ["archive_selected"]
    exclude = ("organization", "archived_at")
    list_filter = ()

    def get_queryset(self, request):
        return self.model.objects.owned_by(request.organization) if request.organization else self.model.objects.none()

    def has_change_permission(self, request, obj=None):
        # An archived record is read-only (the update service refuses it): restore it first.
        return super().has_change_permission(request, obj) and (obj is None or obj.archived_at is None)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"organization": request.organization})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        model = db_field.related_model
        if hasattr(model.objects, "for_org") and request.organization:
            kwargs["queryset"] = model.objects.for_org(request.organization).active()
        elif model is User:  # an account of this organization, never anyone's on the platform
            kwargs["queryset"] = member_users(request.organization)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        model = db_field.related_model
        if hasattr(model.objects, "for_org") and request.organization:
            kwargs["queryset"] = model.objects.for_org(request.organization).active()
        elif model is User:
            kwargs["queryset"] = member_users(request.organization)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        create, update = self.services
        data = {name: form.cleaned_data[name] for name in form.changed_data if name not in self._m2m_names()}
        try:
            if change:
                self._saved = update(self.model.objects.get(pk=obj.pk), by=request.user, data=data, m2m=self._m2m(form))
            else:
                data = {n: form.cleaned_data[n] for n in form.cleaned_data if n not in self._m2m_names()}
                self._saved = create(by=request.user, organization=request.organization, data=data, m2m=self._m2m(form))
            obj.pk = self._saved.pk
        except (DomainError, ValidationError) as error:
            self.message_user(request, str(getattr(error, "message", error)), messages.ERROR)
            raise

    def save_related(self, request, form, formsets, change):
        """Many-to-many fields were saved by the service."""

    def _m2m_names(self):
        return {f.name for f in self.model._meta.many_to_many}

    def _m2m(self, form):
        return {n: form.cleaned_data[n] for n in self._m2m_names() if n in form.cleaned_data}

    @admin.action(description=_("Archive the selected records"))
    def archive_selected(self, request, queryset):
        resource = self.model._meta.model_name
        for obj in queryset.filter(archived_at__isnull=True):
            archive_record(obj, by=request.user, action=f"{resource}.manage", reason="admin")


class SuperuserOnlyAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_view_permission

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Organization, site=admin_site)
class OrganizationAdmin(SuperuserOnlyAdmin):
    list_display = ("name", "kind", "siren", "epci")
    search_fields = ("name", "siren")
    list_filter = ("kind",)


@admin.register(User, site=admin_site)
class RegieUserAdmin(SuperuserOnlyAdmin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "is_active")
    fieldsets = (*UserAdmin.fieldsets, (_("Preferences"), {"fields": ("language", "phone")}))


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(SuperuserOnlyAdmin):
    list_display = ("at", "organization", "action", "object_repr", "actor", "channel")
    list_filter = ("action", "channel")

    def has_change_permission(self, request, obj=None):
        return False

    has_add_permission = has_change_permission


@admin.register(Share, site=admin_site)
class ShareAdmin(SuperuserOnlyAdmin):
    list_display = ("content_type", "object_id", "organization", "target", "rights")
