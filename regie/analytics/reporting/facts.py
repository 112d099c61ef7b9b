"""The facts an analyst reads, defined once: each one's rows, columns (stable names, documented) and who sees a row.

A `Fact` compiles to a Django queryset; the PostgreSQL views (`schema`) are that queryset's SQL, the exports
(`exports`) iterate it, so a view and a file cannot disagree about a column or a row. Who sees a row is one
predicate (`Fact.visible`), given the organizations whose eyes read it and the day shares are in force:
- a row is seen by the organization that owns it;
- and by an organization a share in force lends the record to (`Share.objects.in_force`, the rule of the
  application's `for_org`): a lent asset, and the work done on it (its work orders, their cost lines and time
  entries); a lent team; the organizations lending something (to label the lent rows).
The views pass the organizations of the connected role (`schema.ROLE_ORGANIZATIONS`) and today in the target's
time zone; an export passes one organization and its own today.

Columns never carry a requester, an e-mail, a phone number or a free place text (a resident's address): the
facts say what was asked and done, on what, by which unit, when and at what cost.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import ExpressionWrapper, F, Q

from regie.core.models import Share


@dataclass(frozen=True)
class Column:
    name: str  # stable: the view's column, the files' header
    comment: str
    source: object = None  # a lookup path ("category__code") or an expression with its output field; None: `name`

    @property
    def expression(self):
        source = self.source or self.name
        return F(source) if isinstance(source, str) else source

    @property
    def is_field(self):
        """The column is the model's own field (or its `_id`), selected by name rather than annotated."""
        return self.source is None


@dataclass(frozen=True)
class Fact:
    name: str  # the view's and the files' name
    model: str  # "app_label.ModelName"
    comment: str
    columns: tuple
    own: str = "organization"  # the lookup naming the organization that owns a row
    lent: tuple = field(default_factory=tuple)  # (lookup, function(organizations, on) → subquery of lent ids)

    @property
    def model_class(self):
        return apps.get_model(self.model)

    @property
    def column_names(self):
        return [c.name for c in self.columns]

    def visible(self, organizations, on):
        """The rows `organizations` (a list of ids or a subquery) see on the day `on` (a date or an expression)."""
        q = Q(**{f"{self.own}__in": organizations})
        for lookup, lent_ids in self.lent:
            q |= Q(**{f"{lookup}__in": lent_ids(organizations, on)})
        return q

    def rows(self, organizations, on):
        """The rows seen, as tuples in the columns' order, by primary key."""
        annotations = {c.name: c.expression for c in self.columns if not c.is_field}
        queryset = self.model_class._default_manager.filter(self.visible(organizations, on))
        return queryset.annotate(**annotations).order_by("pk").values_list(*self.column_names)

    def output_fields(self):
        """Each column's Django field (the field itself, the target of a foreign key, an expression's output)."""
        queryset = self.model_class._default_manager.annotate(
            **{c.name: c.expression for c in self.columns if not c.is_field}
        )
        result = {}
        for column in self.columns:
            if column.is_field:
                model_field = self.model_class._meta.get_field(column.name)
                result[column.name] = model_field.target_field if model_field.is_relation else model_field
            else:
                result[column.name] = queryset.query.annotations[column.name].output_field
        return result


def shared(label):
    """The ids of the `label` records lent to `organizations` by shares in force on `on`."""

    def lent_ids(organizations, on):
        app_label, model = label.lower().split(".")
        return (
            Share.objects.in_force(on)
            .filter(target__in=organizations, content_type__app_label=app_label, content_type__model=model)
            .values("object_id")
        )

    return lent_ids


def lenders(organizations, on):
    """The organizations that lend something to `organizations` by a share in force on `on`."""
    return Share.objects.in_force(on).filter(target__in=organizations).values("organization_id")


def money(*paths):
    """The sum of amounts (two decimals) of the row."""
    total = F(paths[0])
    for path in paths[1:]:
        total = total + F(path)
    return ExpressionWrapper(total, output_field=models.DecimalField(max_digits=14, decimal_places=2))


ASSET_LENT = (("asset", shared("assets.Asset")),)
WORK_LENT = (("work_order__asset", shared("assets.Asset")),)
ORG = Column("organization_id", "The organization that owns the row (organizations.id).")
ID = Column("id", "Stable identifier of the row.")
CREATED = Column("created_at", "When the row was created (UTC).")
ARCHIVED = Column("archived_at", "When the row was archived (UTC); empty while it is active.")
COSTS = (
    Column("hours", "Hours booked on it (sum of its time entries)."),
    Column("labour_cost", "Labour cost (EUR): its time entries' costs."),
    Column("material_cost", "Materials (EUR): its material cost lines."),
    Column("contractor_cost", "Contractors (EUR): its contractor invoice lines."),
    Column("equipment_cost", "Vehicles and equipment (EUR): its equipment cost lines."),
    Column(
        "total_cost",
        "Total cost (EUR): labour + materials + contractors + equipment.",
        money("labour_cost", "material_cost", "contractor_cost", "equipment_cost"),
    ),
)

ORGANIZATIONS = Fact(
    "organizations",
    "core.Organization",
    "The organizations: the role's own, and those that lend it records (to label the lent rows).",
    (
        Column("id", "Stable identifier of the organization."),
        Column("slug", "Short name (unique)."),
        Column("name", "Name."),
        Column("kind", "commune, ca (communauté d'agglomération), cc, cu, metropole, syndicat."),
        Column("siren", "SIREN number."),
        Column("insee_code", "INSEE code of a commune."),
        Column("epci_id", "The inter-municipal body (EPCI) the commune belongs to (organizations.id)."),
        Column("population", "Population."),
        Column("timezone", "Time zone of its dates."),
        Column("currency", "Currency of its amounts."),
        ARCHIVED,
    ),
    own="pk",
    lent=(("pk", lenders),),
)

DEPARTMENTS = Fact(
    "departments",
    "people.Department",
    "Departments (services): the units that ask for work and the technical departments that do it.",
    (
        ID,
        ORG,
        Column("code", "Code (unique in the organization)."),
        Column("name", "Name."),
        Column("kind", "requesting or technical."),
        Column("budget_code", "Budget code."),
        ARCHIVED,
    ),
)

TEAMS = Fact(
    "teams",
    "people.Team",
    "Teams of agents: the organization's own, and the teams lent to it by a share in force.",
    (
        ID,
        ORG,
        Column("code", "Code (unique in the organization)."),
        Column("name", "Name."),
        Column("department_id", "Its department (departments.id)."),
        Column("department_name", "Its department's name.", "department__name"),
        ARCHIVED,
    ),
    lent=(("pk", shared("people.Team")),),
)

CATEGORIES = Fact(
    "categories",
    "interventions.Category",
    "Categories of work (plumbing, electricity, green spaces…).",
    (
        ID,
        ORG,
        Column("code", "Code (unique in the organization)."),
        Column("name", "Name."),
        Column("department_id", "The technical department in charge (departments.id)."),
        Column("skill_code", "The usual trade's code.", "skill__code"),
        Column("skill_name", "The usual trade.", "skill__name"),
        ARCHIVED,
    ),
)

PRIORITIES = Fact(
    "priorities",
    "interventions.Priority",
    "Priority levels and their target times.",
    (
        ID,
        ORG,
        Column("code", "Code (unique in the organization)."),
        Column("name", "Name."),
        Column("rank", "Rank: 1 is the most urgent."),
        Column("response_hours", "Target time to the first response (hours)."),
        Column("resolution_hours", "Target time to resolve (hours)."),
        Column("working_days_only", "True when the target times count working days only."),
        ARCHIVED,
    ),
)

REQUESTS = Fact(
    "requests",
    "interventions.InterventionRequest",
    "Requests for work (demandes d'intervention), with their costs rolled up from their work orders.",
    (
        ID,
        ORG,
        Column("number", "Number (unique in the organization)."),
        Column("title", "Title."),
        Column(
            "state",
            "Status: draft, submitted, validated, awaiting_second_approval, approved, rejected, planned, "
            "in_progress, on_hold, done, closed, closed_without_work, cancelled.",
        ),
        Column("channel", "How it came: web, api, portal, phone, email."),
        Column("category_id", "Category (categories.id)."),
        Column("category_code", "Category's code.", "category__code"),
        Column("category_name", "Category's name.", "category__name"),
        Column("priority_id", "Priority (priorities.id)."),
        Column("priority_name", "Priority's name.", "priority__name"),
        Column("department_id", "Requesting department (departments.id)."),
        Column("department_name", "Requesting department's name.", "department__name"),
        Column("asset_id", "The asset it is about (assets.id)."),
        Column("asset_code", "The asset's code.", "asset__code"),
        Column("budget_line_code", "Budget line (M57) code.", "budget_line__code"),
        Column("cost_code_code", "Cost code (event, project) it is charged to.", "cost_code__code"),
        Column("estimated_amount", "Estimated amount (EUR) given by the requester."),
        Column("desired_date", "Date the requester wished."),
        CREATED,
        Column("submitted_at", "Submitted (UTC)."),
        Column("approved_at", "Approved by the technical services (UTC)."),
        Column("responded_at", "First response (UTC)."),
        Column("done_at", "Work done (UTC)."),
        Column("closed_at", "Closed (UTC)."),
        Column("response_due_at", "First response due (UTC)."),
        Column("resolution_due_at", "Resolution due (UTC)."),
        Column("satisfaction", "Requester's rating, 1 to 5."),
        *COSTS,
        ARCHIVED,
    ),
)

WORK_ORDERS = Fact(
    "work_orders",
    "interventions.WorkOrder",
    "Work orders (bons de travaux): the organization's own, and those on an asset lent to it by a share in force.",
    (
        ID,
        ORG,
        Column("number", "Number (unique in the organization)."),
        Column("request_id", "The request it answers (requests.id); empty for a direct work order."),
        Column("title", "Title."),
        Column("kind", "corrective, preventive, internal, urgent."),
        Column("state", "Status: to_plan, planned, accepted, in_progress, on_hold, done, closed, cancelled."),
        Column("execution", "in_house (own agents) or contractor."),
        Column("category_id", "Category (categories.id)."),
        Column("category_code", "Category's code.", "category__code"),
        Column("category_name", "Category's name.", "category__name"),
        Column("priority_id", "Priority (priorities.id)."),
        Column("priority_name", "Priority's name.", "priority__name"),
        Column("department_id", "Department charged (departments.id)."),
        Column("department_name", "Department charged, its name.", "department__name"),
        Column("team_id", "Team doing it (teams.id)."),
        Column("team_name", "Team's name.", "team__name"),
        Column("contractor_id", "Contractor doing it."),
        Column("contractor_name", "Contractor's company name.", "contractor__name"),
        Column("asset_id", "The asset worked on (assets.id)."),
        Column("asset_code", "The asset's code.", "asset__code"),
        Column("cost_code_code", "Cost code (event, project) it is charged to.", "cost_code__code"),
        CREATED,
        Column("planned_start", "Planned start (UTC)."),
        Column("planned_end", "Planned end (UTC)."),
        Column("estimated_hours", "Estimated hours."),
        Column("started_at", "Started (UTC)."),
        Column("completed_at", "Completed (UTC)."),
        Column("closed_at", "Closed (UTC)."),
        Column("first_visit_fix", "Fixed at the first visit (empty: not said)."),
        *COSTS,
        ARCHIVED,
    ),
    lent=ASSET_LENT,
)

COST_LINES = Fact(
    "cost_lines",
    "interventions.CostLine",
    "Non-labour costs of the work orders: materials, contractor invoices, vehicles and equipment.",
    (
        ID,
        ORG,
        Column("work_order_id", "The work order (work_orders.id)."),
        Column("work_order_number", "The work order's number.", "work_order__number"),
        Column("kind", "material, contractor or equipment."),
        Column("label", "Label."),
        Column("date", "Date of the cost."),
        Column("quantity", "Quantity."),
        Column("unit", "Unit of the quantity."),
        Column("unit_cost", "Unit cost (EUR)."),
        Column("amount", "Amount (EUR)."),
        Column("reference", "Invoice or reference."),
        CREATED,
        ARCHIVED,
    ),
    lent=WORK_LENT,
)

TIME_ENTRIES = Fact(
    "time_entries",
    "interventions.TimeEntry",
    "Labour: the hours agents spent on work orders, with their cost at the agent's rate of the day.",
    (
        ID,
        ORG,
        Column("work_order_id", "The work order (work_orders.id)."),
        Column("work_order_number", "The work order's number.", "work_order__number"),
        Column("agent_id", "The agent."),
        Column("agent_employee_number", "The agent's employee number.", "agent__employee_number"),
        Column("team_id", "The agent's team (teams.id).", "agent__team_id"),
        Column("date", "Day worked."),
        Column("hours", "Hours."),
        Column("hourly_rate", "Hourly rate (EUR) frozen on that day."),
        Column("cost", "Cost (EUR): hours × hourly rate."),
        CREATED,
        ARCHIVED,
    ),
    lent=WORK_LENT,
)

ASSETS = Fact(
    "assets",
    "assets.Asset",
    "The asset registry (patrimoine): the organization's own, and the assets lent to it by a share in force.",
    (
        ID,
        ORG,
        Column("code", "Code (unique in the organization)."),
        Column("name", "Name."),
        Column("asset_type_id", "Its type."),
        Column("asset_type_code", "Its type's code.", "asset_type__code"),
        Column("asset_type_name", "Its type's name.", "asset_type__name"),
        Column("asset_family", "Its type's family: site, building, equipment, tree…", "asset_type__kind"),
        Column("parent_id", "The asset it is inside (assets.id); empty for a root."),
        Column("parent_code", "The parent's code.", "parent__code"),
        Column(
            "path",
            "Its place in the tree: its ancestors' keys then its own, base 36 of their ids, 7 characters and "
            "'/' each. An asset's subtree is the assets whose path starts with its path.",
        ),
        Column("depth", "Depth in the tree: 0 for a root."),
        Column("status", "in_service, out_of_service, disposed."),
        Column("owner_id", "The owner (organizations.id) when it is not the managing organization."),
        Column("department_id", "Responsible department (departments.id)."),
        Column("department_name", "Responsible department's name.", "department__name"),
        Column("address", "Address of the place."),
        Column("latitude", "Latitude (WGS 84)."),
        Column("longitude", "Longitude (WGS 84)."),
        Column("in_service_on", "In service since."),
        Column("acquired_on", "Acquisition date."),
        Column("acquisition_value", "Acquisition value (EUR)."),
        Column("insured_value", "Insured value (EUR)."),
        Column("length_m", "Length (m) of a linear asset."),
        CREATED,
        ARCHIVED,
    ),
    lent=(("pk", shared("assets.Asset")),),
)

# In the order an analyst meets them: who, the labels, then the facts.
FACTS = (
    ORGANIZATIONS,
    DEPARTMENTS,
    TEAMS,
    CATEGORIES,
    PRIORITIES,
    REQUESTS,
    WORK_ORDERS,
    COST_LINES,
    TIME_ENTRIES,
    ASSETS,
)
