"""The `--organization` option every per-organization command shares: one organization by slug or id, or all."""

from django.core.management.base import CommandError

from regie.core.models import Organization


def add_organization_argument(parser):
    parser.add_argument(
        "--organization", "--org", dest="organization", help="slug or id of one organization (all when omitted)"
    )


def selected_organizations(value, queryset=None):
    """The organizations a command works on, in primary-key order: the one named by `value` (slug or id; a
    CommandError when none matches), else every one of `queryset` (default: all organizations)."""
    organizations = (queryset if queryset is not None else Organization.objects.all()).order_by("pk")
    if not value:
        return organizations
    lookup = {"pk": int(value)} if value.isdigit() else {"slug": value}
    found = Organization.objects.filter(**lookup).order_by("pk")
    if not found.exists():
        raise CommandError(f"No organization {value!r}.")
    return found
