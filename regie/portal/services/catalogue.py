"""The staff's settings of their portal and the extra questions of a service: one transaction per save, the row
locked, checked by the model's bounds (and the host name's uniqueness), audited."""

from django.db import transaction
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.exceptions import Conflict
from regie.core.services import archive_record, create_record, restore_record, update_record

from ..models import CategoryQuestion, PortalSettings, ServiceCategory

SETTINGS_FIELDS = ("enabled", "host_name", "welcome", "contact", "retention_months", "reopen_days", "nearby_m",
                   "map_fixed_days", "reports_per_hour")  # fmt: skip
SETTINGS_ACTION = "portalsettings.manage"
QUESTION_ACTION = "servicecategory.manage"


@transaction.atomic
def update_portal_settings(*, by, organization, data):
    """Change the organization's portal settings (administrators): the row is created on the first save (two
    administrators creating it at once: the second gets a Conflict), then changed locked; bounds, the host name's
    format and its uniqueness are the model's, with their messages."""
    data = {name: value for name, value in data.items() if name in SETTINGS_FIELDS}
    current = PortalSettings.objects.filter(organization=organization, archived_at__isnull=True).first()
    if current is None:
        return create_record(PortalSettings, by=by, organization=organization, action=SETTINGS_ACTION, data=data)
    return update_record(current, by=by, action=SETTINGS_ACTION, data=data)


@transaction.atomic
def add_question(*, by, service, data):
    """A new extra question of `service` (its code unique among the service's questions)."""
    question = create_record(CategoryQuestion, by=by, organization=service.organization, action=QUESTION_ACTION,
                             data={**data, "category": service})  # fmt: skip
    audit.record(service, action=audit.Action.UPDATE, by=by, changes={"questions": [None, question.code]})
    return question


def change_question(question, *, by, data, expected_updated_at=None):
    """Change an extra question; a stale version (someone saved it meanwhile) is a Conflict."""
    data = {name: value for name, value in data.items() if name != "category"}  # a question stays on its service
    return update_record(question, by=by, action=QUESTION_ACTION, data=data, expected_updated_at=expected_updated_at)


@transaction.atomic
def archive_question(question, *, by, reason=""):
    """Withdraw a question from the form residents fill in (answers already given stay on their reports)."""
    question = archive_record(question, by=by, action=QUESTION_ACTION, reason=reason)
    audit.record(question.category, action=audit.Action.UPDATE, by=by, changes={"questions": [question.code, None]})
    return question


@transaction.atomic
def restore_question(question, *, by):
    """Put an archived question back on the residents' form (who may archive it may restore it). Refused while
    its service is archived, or while another question of the service uses its code."""
    # the service's row locked: archiving the service meanwhile waits, so a restored question never stands on an
    # archived service
    if ServiceCategory.objects.select_for_update().get(pk=question.category_id).archived_at is not None:
        raise Conflict(_("This service is archived: restore it before its questions."), code="archived")
    taken = CategoryQuestion.objects.filter(category_id=question.category_id, code=question.code,
                                            archived_at__isnull=True).exclude(pk=question.pk)  # fmt: skip
    if taken.exists():
        raise Conflict(_("This service already has a question with this code."), code="code_taken")
    question = restore_record(question, by=by, action=QUESTION_ACTION)
    audit.record(question.category, action=audit.Action.UPDATE, by=by, changes={"questions": [None, question.code]})
    return question
