"""Which permission-matrix resource guards each model, where the resource is not simply the model's name.

`test_models.py` fails when a model of the project has neither a tenant manager and a `<resource>.view`
action nor an entry below with its reason; `test_permission_matrix.py` uses the same map for list pages.
"""

# model label → matrix resource, where they differ.
RESOURCE_OF = {
    "core.AuditEvent": "audit",
    "interventions.InterventionRequest": "request",
    "interventions.TimeEntry": "workorder",  # lines of a work order's time sheet
    "interventions.CostLine": "cost",  # money: cost.view
    "attachments.Attachment": "attachment",  # files of any record: its parent record decides who sees them
    "interventions.WorkOrderTask": "workorder",  # checklist lines of a work order
    "interventions.CalendarFeed": "planning",
    "imports.ImportJob": "import",
    "imports.ImportMapping": "import",
    "assets.AttributeDefinition": "assettype",  # the attributes of a type are part of it
    "assets.Species": "assettype",  # the species list trees are registered with
    "assets.Occupancy": "occupant",
    "assets.MeterReading": "meter",
    "assets.OrganizationArea": "area",
    "assets.AssetTransfer": "asset",  # the history of an asset's management
    "maintenance.InspectionType": "inspection",  # the catalogue of regulatory inspections
    "maintenance.PeriodicityRule": "inspection",
    "maintenance.Observation": "inspection",
    "maintenance.InspectionObligation": "inspection",  # the compliance view's rows
    "maintenance.Occurrence": "maintenanceplan",  # the due dates of a plan
    "maintenance.PlanTask": "maintenanceplan",  # checklist lines of a plan
    "portal.PortalSettings": "servicecategory",  # the portal's public settings, beside its catalogue
    "portal.CategoryQuestion": "servicecategory",  # extra questions of a service
    "portal.ReportUpdate": "report",  # public steps of a report
    "portal.ReportFollower": "report",  # residents kept informed of a report
}

# Models without `organization` + `for_org`, reached only through their parent, which has them: label → parent.
CHILD_MODELS = {
    "interventions.WorkOrderTask": "interventions.WorkOrder",
    "maintenance.PlanTask": "maintenance.MaintenancePlan",
}

# Models scoped by another rule than `for_org`: label → the rule.
SCOPED_OTHERWISE = {
    "core.Organization": "the tenant itself: users see the organizations they are members of (memberships)",
}

# Models outside the matrix: label → why.
EXEMPT_MODELS = {
    "core.User": "accounts are platform-wide; an organization reaches its users through memberships",
    "core.LoginSession": "sign-in bookkeeping (which sessions to end at deactivation), never shown nor edited",
    "core.Counter": "the sequences behind record numbers, never shown nor edited",
    "core.ScheduledJobState": "platform rows (the periodic jobs' locks and last runs), no organization's: shown "
    "to administrators on the scheduled jobs page (scheduler.view), never edited",
    "core.JobRun": "platform rows (the history of the periodic jobs), no organization's: as core.ScheduledJobState",
}


def resource_of(model):
    return RESOURCE_OF.get(model._meta.label, model._meta.model_name)
