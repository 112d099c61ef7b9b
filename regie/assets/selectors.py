"""Reads of the asset registry: scoped, annotated querysets for lists, the tree, the map and the pages."""

from django.db.models import BigIntegerField, CharField, Count, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast
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


ANCESTOR_FIELDS = ("id", "code", "name")  # what the breadcrumb, the "Inside" line and the parts' list read
TREE_ROW = ("role", "a_id", "a_code", "a_name", "label", "sort", "n")  # a row of `place_in_tree`'s query
# typed: PostgreSQL resolves a UNION's types two branches at a time, and two untyped NULLs make a text column
NO_NUMBER, NO_TEXT = Cast(Value(None), BigIntegerField()), Value(None, output_field=CharField())


def _tree_rows(assets, role, label=NO_TEXT, sort=NO_TEXT):
    """`assets` as rows of `place_in_tree`'s query: their id, code and name, with `label` and `sort`."""
    role = Value(role, output_field=CharField())
    return (
        assets.order_by()
        .annotate(role=role, a_id=F("id"), a_code=F("code"), a_name=F("name"), label=label, sort=sort, n=NO_NUMBER)
        .values_list(*TREE_ROW)
    )


def place_in_tree(organization, asset, parts_shown):
    """(ancestors root first, the first `parts_shown` parts in name order, [(family, count)] of the subtree, most
    numerous first): the asset page's place in the tree, in one query, a UNION ALL of
    - the ancestors, by the ids its path holds;
    - its parts as `organization` sees them (`parts_of`: the tenant's rule), the first `parts_shown` by the ids of a
      limited subquery (SQLite refuses a LIMIT in a branch of a compound query, not in an IN), with their type's name;
    - the subtree's counts by family, one range of the path index.
    Each row says which it is (`role`); the ancestors and parts come as assets with their code and name loaded,
    the rest deferred (a part's type name is `part.type_name`: reading `part.asset_type` would query)."""
    ids = asset.ancestor_ids
    counts = (
        Asset.objects.filter(organization_id=asset.organization_id, archived_at__isnull=True)
        .within(asset, include_self=False)
        .order_by()
        .values("asset_type__kind")
        .annotate(
            role=Value("c", output_field=CharField()),
            a_id=NO_NUMBER,
            a_code=NO_TEXT,
            a_name=NO_TEXT,
            label=F("asset_type__kind"),
            sort=NO_TEXT,
            n=Count("pk"),
        )
        .values_list(*TREE_ROW)
    )
    first_parts = parts_of(organization, asset).values("pk")[:parts_shown]
    parts = _tree_rows(Asset.objects.filter(pk__in=first_parts), "p", F("asset_type__name"), F("sort_name"))
    branches = [parts, counts]
    if ids:
        branches.insert(0, _tree_rows(Asset.objects.filter(pk__in=ids), "a"))
    # the parts in the database's order of their names (its collation, as `parts_of` and the list sort them)
    rows = list(branches[0].union(*branches[1:], all=True).order_by("sort", "a_id"))
    by_pk, parts_shown, subtree = {}, [], []
    for role, pk, code, name, label, _sort, count in rows:
        if role == "c":
            subtree.append((label, count))
            continue
        row = Asset.from_db(Asset.objects.db, ANCESTOR_FIELDS, (pk, code, name))
        if role == "a":
            by_pk[pk] = row
        else:
            row.type_name = label
            parts_shown.append(row)
    subtree.sort(key=lambda row: (-row[1], row[0] or ""))
    return [by_pk[pk] for pk in ids if pk in by_pk], parts_shown, subtree


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
