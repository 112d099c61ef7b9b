"""`{% attachments_panel record %}`: the files of a record (thumbnails) and, if the member may add, the form."""

import functools

from django import template
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.utils.translation import get_language

from regie.core.exceptions import DomainError

from .. import registry, selectors
from ..forms import UploadForm
from ..validation import MAX_FILES, max_bytes

register = template.Library()


@register.inclusion_tag("attachments/_panel.html", takes_context=True)
def attachments_panel(context, record, title=""):
    request = context["request"]
    organization, membership = request.organization, request.membership
    entry = registry.entry_for(record)
    files = selectors.current_versions(list(selectors.attachments_for(record, organization)))
    own = [f for f in files if f.object_id == record.pk and f.content_type_id == _ct(record).pk]
    shown = []
    for field, target in registry.shown_targets(entry) if entry else ():
        related_id = getattr(record, field.attname)
        of_it = [f for f in files if f.content_type_id == _ct(target).pk and f.object_id == related_id]
        if of_it:
            shown.append((getattr(record, field.name), of_it))
    can_add = False
    if entry is not None:
        try:
            entry.may_add(record, request.user, membership)
            can_add = True
        except DomainError:
            pass
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "title": title,
        "record": record,
        "own": own,
        "shown": shown,
        "can_add": can_add,
        "stages": bool(entry and entry.stages),
        "form_html": blank_upload_form(bool(entry and entry.stages), get_language(), max_bytes(), MAX_FILES)
        if can_add
        else "",
        "content_type_id": _ct(record).pk,
    }


@functools.lru_cache(maxsize=64)
def blank_upload_form(stages, language, size_limit, file_limit):
    """The upload form's fields as HTML, unbound: the same for every record of a kind (with stages or not) in a
    language and under the same limits (its help text names them), so rendered once, not on each record page
    (its widgets' templates were a fifth of an asset page's rendering)."""
    return render_to_string("components/form_fields.html", {"form": UploadForm(stages=stages)})


def _ct(record_or_model):
    model = record_or_model if isinstance(record_or_model, type) else type(record_or_model)
    return ContentType.objects.get_for_model(model)
