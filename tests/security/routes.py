"""Route discovery for the security suite: every URL pattern of the project, and every operation of the API schema.

Nothing here lists routes by hand: a route added tomorrow is walked by every test of `tests/security` the
moment it is mounted in `regie/urls.py`. The only routes left out are in `SKIPPED`, each with its reason.
"""

import functools
import re
from dataclasses import dataclass, field

from django.contrib.admin import AdminSite, ModelAdmin
from django.urls import URLPattern, URLResolver, get_resolver, resolve

# (predicate, reason) — kept explicit and tiny on purpose.
SKIPPED = (
    (lambda r: r.pattern.startswith(("static/", "media/")), "files served by the web server, not views"),
    (lambda r: "format" in r.kwarg_names, "DRF format-suffix duplicate of a route that is walked without suffix"),
)

# Sample values for URL keyword arguments. Object ids are replaced by real ids where a test needs them.
SAMPLE_VALUES = {
    "pk": "1",
    "id": "1",
    "object_id": "1",
    "content_type_id": "1",
    "uidb64": "MQ",
    "token": "abc-123456",
    "url": "no-such-page/",
    "app_label": "core",
    "format": "json",
    "public_id": "abcdefghij",
    "section": "open_work",  # a section of the asset page (`assets.sections`)
    # Open311 (regie/portal/open311): a format extension, a service code, a report's number, a photo's id
    "fmt": "json",
    "service_code": "ECL",
    "service_request_id": "SIG-2026-000001",
    "attachment_id": "1",
    "organization": "ville-b",  # a portal by its slug (/p/<organization>/): B, as whom the walkers sign in
    "photo": "1",  # a photo of the report a tracking token names (regie/portal/public/track_urls.py)
}
# Keyword arguments that name one record: a route with one of them must lead to its model (see `Route.model`).
OBJECT_KWARGS = ("pk", "id", "object_id")
# Keyword arguments that name a second record, a child of the route's record: name → "app_label.Model".
# A route naming another record in its URL must be listed here, so the walk can try other tenants' ids.
CHILD_KWARGS = {
    "task": "interventions.WorkOrderTask",
    "task_id": "interventions.WorkOrderTask",
    "line_id": "interventions.CostLine",
    "entry_id": "interventions.TimeEntry",
}
# Keyword arguments that are not record ids.
PARAMETER_KWARGS = {
    *(
        "uidb64",
        "token",
        "url",
        "app_label",
        "format",
        "content_type_id",
        "public_id",
        "section",
        "organization",
        "photo",
    ),
    # Open311's public routes: not record ids of a tenant (jurisdiction_id names the organization)
    *("fmt", "service_code", "service_request_id", "attachment_id"),
}

_ROUTE_KWARG = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>\w+)>")
_REGEX_GROUP = "(?P<"


@dataclass(frozen=True)
class Route:
    pattern: str  # the full pattern, prefixes included ("people/departments/<int:pk>/")
    name: str | None  # namespaced name ("people:department-detail"), None when unnamed
    callback: object = field(compare=False)
    kwarg_names: tuple[str, ...] = ()

    def __str__(self):
        return self.key

    @property
    def key(self):
        return self.name or self.pattern

    @property
    def is_api(self):
        """A DRF view: answers 401/403 in JSON instead of redirecting to the sign-in page."""
        return self.api_class is not None

    @property
    def in_api_schema(self):
        """Under the API's prefix (SPECTACULAR_SETTINGS["SCHEMA_PATH_PREFIX"]): must be in the OpenAPI schema."""
        return self.pattern.startswith("api/v1/")

    # --- what the route runs -----------------------------------------------------------------------------
    @property
    def view_class(self):
        """The Django class-based view (DRF views too: they are Django CBVs)."""
        return getattr(self.callback, "view_class", None)

    @property
    def api_class(self):
        """The DRF view or viewset class, else None."""
        return getattr(self.callback, "cls", None)

    @property
    def actions(self):
        """DRF viewset routes: HTTP method → action name ({'get': 'list', 'post': 'create'})."""
        return getattr(self.callback, "actions", None) or {}

    def _admin_parts(self):
        """(admin site, model admin) of a Django admin route, found through its wrappers."""
        site = model_admin = None
        cb = self.callback
        while cb is not None:
            model_admin = model_admin or getattr(cb, "model_admin", None)
            owner = getattr(cb, "__self__", None)
            if isinstance(owner, ModelAdmin):
                model_admin = model_admin or owner
            site = site or getattr(cb, "admin_site", None) or (owner if isinstance(owner, AdminSite) else None)
            cb = getattr(cb, "__wrapped__", None)
        return site or getattr(model_admin, "admin_site", None), model_admin

    @property
    def admin_site(self):
        return self._admin_parts()[0]

    @property
    def model_admin(self):
        return self._admin_parts()[1]

    @property
    def object_kwarg(self):
        return next((k for k in OBJECT_KWARGS if k in self.kwarg_names), None)

    @property
    def child_kwargs(self):
        """{kwarg: model} of the second records this route's URL names."""
        from django.apps import apps

        return {name: apps.get_model(CHILD_KWARGS[name]) for name in self.kwarg_names if name in CHILD_KWARGS}

    @property
    def unknown_kwargs(self):
        known = {*OBJECT_KWARGS, *CHILD_KWARGS, *PARAMETER_KWARGS}
        return [name for name in self.kwarg_names if name not in known]

    @property
    def model(self):
        """The model a route shows or changes, by convention: admin `model_admin.model`, DRF `cls.model` or
        `cls.queryset.model`, Django CBV `view_class.model`."""
        if self.model_admin is not None:
            return self.model_admin.model
        cls = self.api_class or self.view_class
        if cls is None:
            return None
        model = getattr(cls, "model", None)
        if model is None and getattr(cls, "queryset", None) is not None:
            model = cls.queryset.model
        return model if isinstance(model, type) else None

    # --- building URLs -----------------------------------------------------------------------------------
    def url(self, **values):
        """A concrete path for this route; `values` override `SAMPLE_VALUES`. Checked by resolving it back."""
        values = {name: str(values.get(name, SAMPLE_VALUES.get(name, "1"))) for name in self.kwarg_names}
        path = "/" + _fill(self.pattern, values)
        match = resolve(path.split("?")[0])
        if match.func is not self.callback:
            raise AssertionError(f"{path} resolves to {match.func!r}, not to route {self}: add a sample value")
        return path


def _fill(pattern, values):
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith(_REGEX_GROUP, i):
            end = pattern.index(">", i)
            name = pattern[i + len(_REGEX_GROUP) : end]
            depth, j = 1, end + 1
            while depth:
                depth += {"(": 1, ")": -1}.get(pattern[j], 0) if pattern[j - 1] != "\\" else 0
                j += 1
            out.append(values[name])
            i = j
            continue
        out.append(pattern[i])
        i += 1
    text = "".join(out)
    text = _ROUTE_KWARG.sub(lambda m: values[m.group("name")], text)
    return text.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, text, ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            # Regex group names must not be mistaken for route converters.
            kwargs = tuple(dict.fromkeys(re.findall(r"\(\?P<(\w+)>", text) + _route_kwargs(text)))
            yield Route(pattern=text, name=name, callback=entry.callback, kwarg_names=kwargs)


def _route_kwargs(text):
    without_groups = re.sub(r"\(\?P<\w+>", "(", text)
    return [m.group("name") for m in _ROUTE_KWARG.finditer(without_groups)]


@functools.cache
def all_routes():
    """Every route of the project, skipped ones excluded."""
    routes = []
    for route in _walk(get_resolver()):
        if not any(skip(route) for skip, _reason in SKIPPED):
            routes.append(route)
    return tuple(routes)


def html_routes():
    return tuple(r for r in all_routes() if not r.is_api)


def api_routes():
    return tuple(r for r in all_routes() if r.in_api_schema)


def route_named(name):
    return next(r for r in all_routes() if r.name == name)


def route_for_path(path):
    """The Route a concrete path resolves to."""
    func = resolve(path).func
    return next(r for r in _all_including_skipped() if r.callback is func)


@functools.cache
def _all_including_skipped():
    return tuple(_walk(get_resolver()))


# --- the OpenAPI schema -----------------------------------------------------------------------------------
@functools.cache
def api_schema():
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


@dataclass(frozen=True)
class Operation:
    path: str  # "/api/v1/departments/{id}/"
    method: str  # "get", "post", ...
    spec: dict = field(compare=False, hash=False, repr=False)

    def __str__(self):
        return f"{self.method.upper()} {self.path}"

    @property
    def path_params(self):
        return tuple(re.findall(r"{(\w+)}", self.path))

    def url(self, **values):
        return re.sub(r"{(\w+)}", lambda m: str(values.get(m.group(1), SAMPLE_VALUES.get(m.group(1), "1"))), self.path)

    @property
    def route(self):
        return route_for_path(self.url())

    @property
    def is_write(self):
        return self.method in ("post", "put", "patch", "delete")

    def request_schema(self):
        """The JSON request body schema (resolved), or None."""
        content = (self.spec.get("requestBody") or {}).get("content", {})
        body = content.get("application/json", {}).get("schema")
        return resolve_ref(body) if body else None


def resolve_ref(schema):
    while schema and "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = api_schema()["components"]["schemas"][name]
    return schema


@functools.cache
def api_operations():
    ops = []
    for path, item in api_schema()["paths"].items():
        for method, spec in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                ops.append(Operation(path=path, method=method, spec=spec))
    return tuple(ops)
