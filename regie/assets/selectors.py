"""Reads of the asset registry: scoped, annotated querysets for lists, the tree, the map and the pages."""

from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Q, Value
from django.utils import timezone

from regie.core.models import Organization

from .models import Asset, AssetType, Occupancy
from .models.assets import subtree_q


def owner_choice_ids(organization):
    """Who may own what an organization manages: itself, its inter-municipal body, the communes of that body
    (an agglomeration manages the gym a commune owns; a commune the pitch of the agglomeration)."""
    ids = {organization.pk}
    epci_id = organization.epci_id or (organization.pk if organization.is_epci else None)
    if epci_id:
        ids.add(epci_id)
        ids.update(Organization.objects.active().filter(epci_id=epci_id).values_list("pk", flat=True))
    return ids


def owner_choices(organization):
    return Organization.objects.filter(pk__in=owner_choice_ids(organization)).order_by("name")


def visible_assets(organization, membership=None):
    """The assets a member sees: the organization's own and those shared with it (the platform's Share)."""
    return Asset.objects.for_org(organization).select_related("asset_type")


def asset_types(organization):
    return AssetType.objects.for_org(organization).active()


def children_of(organization, parent):
    """One level of the tree (lazy tree view): the children of `parent` (None: the roots), each with whether it
    has children of its own."""
    has_children = Asset.objects.filter(parent=OuterRef("pk"), archived_at__isnull=True)
    return (
        visible_assets(organization)
        .active()
        .filter(parent=parent)
        .annotate(has_children=Exists(has_children))
        .order_by("sort_name", "pk")
    )


def ancestors_of(asset):
    """The asset's ancestors, root first (one query from the path)."""
    ids = asset.ancestor_ids
    if not ids:
        return []
    by_pk = {a.pk: a for a in Asset.objects.filter(pk__in=ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def subtree_counts(asset):
    """How many assets of each family the asset's subtree holds (the asset page's summary)."""
    return (
        Asset.objects.filter(organization_id=asset.organization_id, archived_at__isnull=True)
        .within(asset, include_self=False)
        .values("asset_type__kind")
        .annotate(count=Count("pk"))
        .order_by("-count")
    )


def parts_of(organization, asset):
    """The asset's own parts as its page lists them (the visible active children, in name order)."""
    return visible_assets(organization).active().filter(parent=asset).order_by("sort_name", "pk")


ANCESTOR_FIELDS = ("id", "code", "name")  # what the breadcrumb and the "Inside" line read of an ancestor


def ancestors_and_subtree_counts(asset):
    """(ancestors root first, [(family, count)] of the subtree, most numerous first): the asset page's place in
    the tree, in one query (a UNION ALL of the ancestors, by the ids its path holds, and the subtree's counts by
    family, one range of the path index). The ancestors come with their code and name loaded, the rest deferred."""
    ids = asset.ancestor_ids
    none_int, none_text = Value(None, output_field=IntegerField()), Value(None, output_field=CharField())
    counts = (
        Asset.objects.filter(organization_id=asset.organization_id, archived_at__isnull=True)
        .within(asset, include_self=False)
        .order_by()
        .values("asset_type__kind")
        .annotate(a_id=none_int, a_code=none_text, a_name=none_text, n=Count("pk"))
        .values_list("a_id", "a_code", "a_name", "asset_type__kind", "n")
    )
    if ids:
        ancestors = (
            Asset.objects.filter(pk__in=ids)
            .order_by()
            .annotate(kind=none_text, n=none_int)
            .values_list(*ANCESTOR_FIELDS, "kind", "n")
        )
        rows = list(ancestors.union(counts, all=True).order_by())
    else:
        rows = list(counts)
    by_pk, subtree = {}, []
    for pk, code, name, kind, count in rows:
        if pk is not None:
            by_pk[pk] = Asset.from_db(Asset.objects.db, ANCESTOR_FIELDS, (pk, code, name))
        else:
            subtree.append((kind, count))
    subtree.sort(key=lambda row: (-row[1], row[0] or ""))
    return [by_pk[pk] for pk in ids if pk in by_pk], subtree


def current_occupancies(organization, *, on):
    """Occupancies in force on a day."""
    return (
        Occupancy.objects.owned_by(organization)
        .active()
        .filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    )


def filter_assets(
    qs,
    *,
    asset_type=None,
    kind=None,
    status=None,
    department=None,
    occupant=None,
    within=None,
    parent=None,
    attributes=None,
    bbox=None,
    query=None,
):
    """The filters of the registry, shared by the list page, the API, the map and the exports.

    `within`: an asset (or its id) whose subtree is kept (one range of the path index); `attributes`: {code: value}
    compared as stored (texts and choices case-insensitively); `bbox`: (south, west, north, east)."""
    if asset_type is not None:
        qs = qs.filter(asset_type=asset_type)
    if kind:
        qs = qs.filter(asset_type__kind=kind)
    if status:
        qs = qs.filter(status=status)
    if department is not None:
        qs = qs.filter(department=department)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if within is not None:
        root = within if isinstance(within, Asset) else Asset.objects.filter(pk=within).only("path").first()
        qs = qs.filter(subtree_q(root.path)) if root is not None else qs.none()
    if occupant is not None:
        today = timezone.localdate()
        premises = (
            Occupancy.objects.filter(occupant=occupant, archived_at__isnull=True, starts_on__lte=today)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
            .values("asset_id")
        )
        qs = qs.filter(pk__in=premises)
    for code, value in (attributes or {}).items():
        qs = qs.filter(**{f"attributes__{code}__iexact": value})
    if bbox is not None:
        qs = qs.in_box(*bbox)
    if query:
        text = query.strip()
        qs = qs.filter(Q(code__istartswith=text) | Q(name__icontains=text) | Q(address__icontains=text))
    return qs
