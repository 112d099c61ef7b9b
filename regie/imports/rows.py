"""Rows of a file as the import passes see them: cells parsed into a target's values, errors as report lines."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SQL_PARAMETERS = 500  # SQLite's bound on query parameters, with room to spare


def existing_records(target, organization, keys):
    """Active records with these natural keys, read once for the whole file (or batch)."""
    qs = target.model.objects.owned_by(organization).filter(archived_at__isnull=True)
    found = {}
    keys = sorted(keys)
    for start in range(0, len(keys), SQL_PARAMETERS):
        chunk = {f"{target.natural_key}__in": keys[start : start + SQL_PARAMETERS]}
        found.update({getattr(obj, target.natural_key): obj for obj in qs.filter(**chunk)})
    return found


def parse_row(job, target, number, cells, lookups):
    values, errors = {}, []
    for field in target.fields:
        index = job.mapping.get(field.name)
        if index is None:
            continue
        text = cells[index] if index < len(cells) else ""
        if not text:  # an empty cell changes nothing (a new record gets the field's default)
            if field.required:
                errors.append(line(number, job.headers[index], _("This value is required.")))
            continue
        try:
            values[field.name] = field.parse(text, lookups) if field.parse else text
        except ValidationError as error:
            errors.extend(line(number, job.headers[index], message) for message in error.messages)
    return values, errors


def column_of(job, target, name):
    """The file's column title of a field (or its label when no column holds it; "" for the whole row)."""
    index = job.mapping.get(name)
    if index is not None:
        return job.headers[index]
    return next((str(f.label) for f in target.fields if f.name == name), "")


def lines_of(job, target, number, error):
    """A service's ValidationError as report lines, each under the column of its field."""
    if not hasattr(error, "error_dict"):
        return [line(number, "", message) for message in error.messages]
    lines = []
    for name, messages in error.message_dict.items():
        column = column_of(job, target, name)
        lines.extend(line(number, column, message) for message in messages)
    return lines


def line(row, column, message):
    return {"row": row, "column": str(column), "message": str(message)}
