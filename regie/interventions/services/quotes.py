"""The contractor's paperwork on a work order: the quote (devis) and the PDF invoice of their cost line.

The quote's steps are transitions of `workflow.WORK_ORDERS` (`submit_quote`, `approve_quote`, `reject_quote`,
fired by `work_orders.transition_work_order`); this module keeps its PDF. An invoice is a PDF attached to the
contractor's cost line through the attachments app, whose rule is the work order's (`may_add_invoice`).
"""

from django.utils.translation import gettext as _

from regie.attachments.services import store
from regie.attachments.validation import check_pdf
from regie.core.exceptions import Conflict, Forbidden

from ..models import CostLine
from ..transitions import may_act_on_work_order
from ..workflow import WorkOrderState


def checked_quote(upload):
    """The quote's PDF, checked before the work order is locked (parsing takes time); None without a file."""
    return check_pdf(upload, field="quote_document") if upload else None


def store_quote(obj, checked, *, by):
    """Keep the submitted quote's PDF with the work order (shown in its files) and link it as its quote."""
    (document,) = store([checked], record=obj, by=by)
    obj.quote_document = document
    obj.save(update_fields=["quote_document", "updated_at"])
    return document


def may_add_invoice(line, user, membership):
    """An invoice on a contractor's cost line: whoever acts on the work order (its contractor, technical services),
    until the work order is cancelled."""
    if line.kind != CostLine.Kind.CONTRACTOR:
        raise Conflict(_("Only a contractor's invoice line takes an invoice."), code="not_an_invoice")
    if membership is None or not may_act_on_work_order(line.work_order, user, membership):
        raise Forbidden(_("This work order is not given to you."))
    if line.archived_at is not None or line.work_order.state == WorkOrderState.CANCELLED:
        raise Conflict(_("This cost line is withdrawn: it takes no invoice."), code="finished")
