"""What notifications are about: kinds that the apps declare, so this app names none of them.

An app lists its kinds in its `AppConfig.notification_kinds` (a tuple of `Kind`); `registry()` gathers them the
way the home page gathers `home_queue`. A kind is stored as its slug: adding one needs no migration, and a row
whose kind is no longer declared still shows (under its slug).
"""

import functools
from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

MESSAGE = "message"  # the kind of a notification that no app declared more precisely


@dataclass(frozen=True)
class Kind:
    slug: str  # stored in Notification.kind: lower-case letters, digits and "_" (at most 64)
    label: str  # shown in the centre's filter and beside each notification
    record: str = ""  # "app_label.Model" of the records this kind links to, if any (the record-type filter)


BUILT_IN = (Kind(MESSAGE, _("Message")),)


@functools.cache
def registry() -> dict[str, Kind]:
    """slug → Kind, over every installed app (this one's first)."""
    kinds = {kind.slug: kind for kind in BUILT_IN}
    for config in apps.get_app_configs():
        for kind in getattr(config, "notification_kinds", ()):
            if kind.slug in kinds:
                raise ValueError(f"notification kind {kind.slug!r} is declared twice ({config.label})")
            kinds[kind.slug] = kind
    return kinds


def get(slug) -> Kind:
    """The declared kind, or a stand-in labelled by its slug (rows outlive the code that wrote them)."""
    return registry().get(slug) or Kind(slug, slug)


def choices():
    return [(kind.slug, kind.label) for kind in registry().values()]


def record_models():
    """The models notifications link to, as declared by the kinds, in declaration order."""
    labels = dict.fromkeys(kind.record for kind in registry().values() if kind.record)
    return [apps.get_model(label) for label in labels]


def record_type_key(model) -> str:
    """How a record type is named in a URL or the API: "app_label.model" (stable across databases)."""
    return f"{model._meta.app_label}.{model._meta.model_name}"


def record_type_choices():
    return [(record_type_key(model), model._meta.verbose_name) for model in record_models()]
