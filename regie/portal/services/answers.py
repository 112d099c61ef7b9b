"""The answers to a service's extra questions, checked against their kinds (the site's form and Open311's
`attribute[code]` both come here)."""

from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from regie.core.prepared import PreparedQuery

from ..models import CategoryQuestion

K = CategoryQuestion.Kind
MAX_ANSWER = {K.STRING: 200, K.TEXT: 2000}
MAX_NUMBER = Decimal("1000000000")


_QUESTIONS = PreparedQuery(
    lambda category_id: CategoryQuestion.objects.filter(category_id=category_id, archived_at__isnull=True).order_by(
        *CategoryQuestion._meta.ordering
    ),
    category_id=int,
)  # every report filed: compiled once per process


def questions_of(category):
    """The service's active questions in their order (those prefetched with it, when they were)."""
    prefetched = getattr(category, "_prefetched_objects_cache", {}).get("questions")
    if prefetched is not None:
        return [q for q in prefetched if q.archived_at is None]
    return _QUESTIONS(category_id=category.pk)


def clean_answers(category, raw, questions=None):
    """{code: value} as stored, from {code: text or [texts]} as received; errors keyed `attribute[code]`."""
    raw = raw or {}
    answers, errors = {}, {}
    for question in questions if questions is not None else questions_of(category):
        value = raw.get(question.code)
        values = [v for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")]
        field = f"attribute[{question.code}]"
        if not values:
            if question.required:
                errors[field] = [_("“%(q)s”: an answer is required.") % {"q": question.label}]
            continue
        try:
            answers[question.code] = _clean(question, values)
        except ValidationError as error:
            errors[field] = [f"“{question.label}”: {message}" for message in error.messages]
    if errors:
        raise ValidationError(errors)
    return answers


def _clean(question, values):
    keys = {choice["key"] for choice in question.choices}
    if question.kind == K.MULTI:
        if len(values) > len(keys) or any(str(v) not in keys for v in values):
            raise ValidationError(_("choose among the listed answers."))
        return sorted({str(v) for v in values})
    if len(values) > 1:
        raise ValidationError(_("one answer only."))
    value = str(values[0]).strip()
    if question.kind == K.SINGLE:
        if value not in keys:
            raise ValidationError(_("choose among the listed answers."))
        return value
    if question.kind == K.NUMBER:
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("enter a number.")) from None
        if not number.is_finite() or abs(number) > MAX_NUMBER:
            raise ValidationError(_("enter a number."))
        return str(number)
    if question.kind == K.DATETIME:
        moment = parse_datetime(value) or _date_only(value)
        if moment is None or not 2000 <= moment.year <= 2100:
            raise ValidationError(_("enter a date and time such as 2026-05-14T08:30."))
        return moment.isoformat()
    limit = MAX_ANSWER.get(question.kind, 200)
    if len(value) > limit:
        raise ValidationError(_("at most %(n)s characters.") % {"n": limit})
    return value


def _date_only(value):
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def answer_lines(category, answers, questions=None):
    """(question, answer as people read it) for the pages that show a report."""
    lines = []
    for question in questions if questions is not None else questions_of(category):
        if question.code not in answers:
            continue
        value = answers[question.code]
        names = {choice["key"]: choice["name"] for choice in question.choices}
        shown = ", ".join(names.get(v, v) for v in value) if isinstance(value, list) else names.get(value, value)
        lines.append((question.label, shown))
    return lines
