"""A boiler check: a work order given to the town's agent whose checklist asks a pressure (bar), a flue gas
temperature (°C) and a pass / fail on the safety valve, as the maintenance generator writes them."""

from regie.interventions import services
from regie.interventions.models import WorkOrderTask

LINES = [
    ("Purger les radiateurs", "", ""),
    ("Pression", "number", "bar"),
    ("Température des fumées", "number", "°C"),
    ("Soupape de sécurité", "pass_fail", ""),
]


def boiler_check(town):
    """The work order and its tasks by label."""
    wo = town.work_order("Entretien chaudière", agents=[town.agent])
    WorkOrderTask.objects.bulk_create(
        WorkOrderTask(work_order=wo, position=i, label=label, measurement=measurement, unit=unit)
        for i, (label, measurement, unit) in enumerate(LINES)
    )
    return wo, {task.label: task for task in wo.tasks.all()}


def tick(task, by, **kwargs):
    return services.set_task_done(task, by=by, done=True, **kwargs)
