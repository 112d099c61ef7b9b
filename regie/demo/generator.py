"""The demo build: a `Demo` context passed through an ordered list of steps, in one transaction.

A step is a function `step(demo)` registered with `@demo_step("name", after="...")`. It creates its
records with `demo.save(...)` (bulk insert + a CREATE audit event, channel "import") and keeps what
later steps need on `demo.orgs[key]` (the `extra` dict is there for later modules). Each step draws
from its own random generator, `demo.rng("step", ...)`, so adding a step never changes the names
drawn by the others: a seed always gives the same demo.

The runner names no app: its own step (`organizations`) comes first, then each Régie app's `regie/<app>/demo`
module or package is imported in the order of INSTALLED_APPS (people before the domain apps), its steps placed
by `after=`. Such a module may also say what the command prints after a build (`report`).
"""

import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from regie.core import audit
from regie.core.context import channel
from regie.core.models import AuditEvent, Organization

from .data import ORGANIZATIONS, OrganizationSpec

DEFAULT_SEED = 2026
DEFAULT_HISTORY = 1.0  # share of the activity history to build (tests build a sliver of it)
BATCH_SIZE = 500


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[["Demo"], None]


STEPS: list[Step] = []


def demo_step(name: str, *, after: str | None = None):
    """Register `function(demo)` as the build step `name`, right after the step `after` (default: last)."""

    def register(function):
        names = [step.name for step in STEPS]
        if name in names:
            STEPS[names.index(name)] = Step(name, function)  # re-import of a module: keep its place
            return function
        if after is not None and after not in names:
            raise LookupError(f"Demo step {name!r} comes after {after!r}, which is not registered (yet): {names}")
        position = len(STEPS) if after is None else names.index(after) + 1
        STEPS.insert(position, Step(name, function))
        return function

    return register


def demo_modules() -> list:
    """The `demo` module or package of every installed Régie app (a third-party `demo` is not ours), imported in
    the order of INSTALLED_APPS: an app's steps may come after those of the apps listed before it."""
    return [
        import_module(f"{config.name}.demo")
        for config in apps.get_app_configs()
        if config.name.startswith("regie.") and module_has_submodule(config.module, "demo")
    ]


def load_steps():
    """The runner's own step (the organizations), then the steps of every app's `demo` module."""
    import_module(f"{__package__}.organizations")  # not at the top: it imports `demo_step` from here
    demo_modules()
    return list(STEPS)


@dataclass
class DemoOrganization:
    """One demo organization and the records later steps build on: the workforce slots are filled by the people
    app's steps (every domain app draws on them), `extra` holds what other apps keep for the steps after theirs."""

    spec: OrganizationSpec
    organization: Organization | None = None
    departments: dict = field(default_factory=dict)  # code → Department
    skills: dict = field(default_factory=dict)  # code → Skill
    teams: list = field(default_factory=list)
    agents: list = field(default_factory=list)
    contractors: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)


class Demo:
    """The state of one build: seed, scale, history share, the organizations, and the records to audit.

    `history` (0 < history ≤ 1) scales the volumes of the activity history only (requests, work orders...),
    not the organizations and their people: 0.05 gives a twentieth of the requests, for quick builds.
    """

    def __init__(self, *, seed: int = DEFAULT_SEED, scale: int = 1, history: float = DEFAULT_HISTORY):
        if scale < 1:
            raise ValueError("scale must be at least 1")
        if not 0 < history <= 1:
            raise ValueError("history must be more than 0 and at most 1")
        self.seed, self.scale, self.history = seed, scale, history
        self.orgs = {spec.key: DemoOrganization(spec) for spec in ORGANIZATIONS}
        self.users = {}  # username → User
        self.timings = []  # (step name, seconds)
        self._created = []
        self._m2m = defaultdict(dict)  # (model, pk) → {field name: [ids]}

    def rng(self, *parts) -> random.Random:
        """A random generator of its own for one step (and one organization): stable when steps are added."""
        return random.Random(":".join(map(str, (self.seed, *parts))))

    def scaled(self, spec: OrganizationSpec, count: int) -> int:
        return count * self.scale if spec.scales else count

    def save(self, objects: list) -> list:
        """Insert unsaved instances of one model in bulk; each gets its primary key and, later, an audit event."""
        if not objects:
            return objects
        model = type(objects[0])
        exclude = [f.name for f in model._meta.concrete_fields if f.is_relation]
        for obj in objects:
            obj.clean_fields(exclude=exclude)  # validators (SIREN, codes, e-mails) without a query per row
        model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        self._created.extend(objects)
        return objects

    def saved(self, objects: list) -> list:
        """Records an app's own function has saved (the reference data it gives every organization): audited with
        the rest, as if `save` had inserted them."""
        self._created.extend(objects)
        return objects

    def link(self, descriptor, pairs) -> None:
        """Fill a many-to-many field in bulk: `descriptor` is e.g. `Agent.skills`, pairs are (instance, related)."""
        relation = descriptor.field
        through = descriptor.through
        source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
        rows = []
        for instance, related in pairs:
            ids = sorted({r.pk for r in related})
            self._m2m[(type(instance), instance.pk)][relation.name] = ids
            rows += [through(**{f"{source}_id": instance.pk, f"{target}_id": pk}) for pk in ids]
        through.objects.bulk_create(rows, batch_size=BATCH_SIZE)

    def audit_created(self) -> int:
        """One CREATE event (channel "import", no actor) per record, describing the record as finally built."""
        events = []
        for obj in self._created:
            model = type(obj)
            changes = audit.diff({}, audit.snapshot(obj))
            for name, ids in self._m2m.get((model, obj.pk), {}).items():
                changes[name] = [None, ids]
            events.append(
                AuditEvent(
                    organization_id=obj.organization_id,
                    content_type=ContentType.objects.get_for_model(model),
                    object_id=obj.pk,
                    object_repr=str(obj)[:200],
                    action=AuditEvent.Action.CREATE,
                    channel=AuditEvent.Channel.IMPORT,
                    changes=changes,
                )
            )
        AuditEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
        self._created, self._m2m = [], defaultdict(dict)
        return len(events)


def demo_slugs() -> list[str]:
    return [spec.slug for spec in ORGANIZATIONS]


def is_built() -> bool:
    return Organization.objects.filter(slug__in=demo_slugs()).exists()


def build(
    *, seed: int = DEFAULT_SEED, scale: int = 1, history: float | None = None, steps: list[Step] | None = None
) -> Demo:
    """Build the whole demo in one transaction; returns the `Demo` with what was created and the timings."""
    demo = Demo(seed=seed, scale=scale, history=DEFAULT_HISTORY if history is None else history)
    with transaction.atomic(), channel(AuditEvent.Channel.IMPORT):
        for step in steps if steps is not None else load_steps():
            started = time.perf_counter()
            step.run(demo)
            demo.timings.append((step.name, time.perf_counter() - started))
        started = time.perf_counter()
        demo.audit_created()
        demo.timings.append(("audit", time.perf_counter() - started))
    return demo
