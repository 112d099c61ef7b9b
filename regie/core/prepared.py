"""Reads of fixed shape compiled once per process: for the hot paths where the ORM's building and compiling of a
query costs more than the database's answer (an Open311 POST reads its key, its service and their questions, its
portal's areas: about 1 ms of Python each to build and compile, 0.2 ms in PostgreSQL).

    ACTIVE_KEY = PreparedQuery(
        lambda key_hash: ApplicationKey.objects.filter(key_hash=key_hash, revoked_at__isnull=True)[:1],
        key_hash=str,
    )
    keys = ACTIVE_KEY(key_hash=digest)  # a list of ApplicationKey, as list(queryset) would give

`build` gets one placeholder per declared parameter and returns a queryset (models, `values()` or
`values_list()`, with `select_related`, annotations, subqueries, ordering and a slice: whatever does not change
shape with the values). It is built and compiled once per database alias, with the placeholders as values; each
call reruns that SQL with the placeholders' positions given the call's values, through the queryset's own iterable
(the same model instances, related objects, converters and `prefetch_related` as an ordinary evaluation).

Parameter kinds: `str`, `int` and `Decimal` (compared with a DecimalField), which the ORM passes to the database
unchanged (a field that would transform them — a lowercasing lookup, a date — is refused at the first
compilation: the placeholder is not found in the SQL's parameters). A query whose shape depends on a value
(`pk__in` a list of any length, an optional filter) is not one of these: build it per call.
"""

import threading
from decimal import Decimal

from django.db import connections

_PLACEHOLDER_INT = 7_300_000_000_000_000_000  # inside a bigint, outside any id or count of this application
_KINDS = (str, int, Decimal)


class PreparedQuery:
    def __init__(self, build, **parameters):
        unknown = {name: kind for name, kind in parameters.items() if kind not in _KINDS}
        if unknown:
            raise TypeError(f"PreparedQuery parameters are str, int or Decimal: {unknown}")
        self.build = build
        self.parameters = parameters
        self._compiled = {}  # database alias → (queryset, compiler, sql, params, positions)
        self._default_alias = None  # where the model's reads go (the router's answer at the first call)
        self._lock = threading.Lock()

    def placeholders(self):
        values = {}
        for number, (name, kind) in enumerate(self.parameters.items()):
            if kind is str:
                values[name] = f"\x1fprepared:{number}:{name}\x1f"
            elif kind is int:
                values[name] = _PLACEHOLDER_INT + number
            else:  # six decimals and one digit: what a coordinate's DecimalField passes on unchanged
                values[name] = Decimal(f"-0.{number + 1:03d}913")
        return values

    def _compile(self, alias):
        placeholders = self.placeholders()
        queryset = self.build(**placeholders)
        alias = alias or queryset.db
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in placeholders.items()}
        positions = [(index, by_value[value]) for index, value in enumerate(params) if _hashable(value) in by_value]
        missing = set(placeholders) - {name for _index, name in positions}
        if missing:
            raise ValueError(f"PreparedQuery: {sorted(missing)} not passed unchanged to the database in {sql}")
        compiled = (queryset.using(alias), compiler, sql, tuple(params), tuple(positions))
        with self._lock:
            self._compiled.setdefault(alias, compiled)
            self._default_alias = self._default_alias or alias
        return self._compiled[alias]

    def __call__(self, *, using=None, **values):
        if values.keys() != self.parameters.keys():
            raise TypeError(f"PreparedQuery expects {sorted(self.parameters)}, got {sorted(values)}")
        for name, kind in self.parameters.items():
            value = values[name]
            if type(value) is not kind:
                values[name] = Decimal(repr(value)) if kind is Decimal and isinstance(value, float) else kind(value)
        alias = using or self._default_alias
        compiled = self._compiled.get(alias) if alias else None
        if compiled is None:
            compiled = self._compile(alias)
            alias = compiled[0].db
        template, compiler, sql, params, positions = compiled
        params = list(params)
        for index, name in positions:
            params[index] = values[name]
        params = tuple(params)
        queryset = template._chain()

        def get_compiler(using=None, connection=None, elide_empty=True):
            copy = _copy(compiler)
            copy.connection = connections[alias]  # this thread's (the compiler kept holds the compiling thread's)
            copy.as_sql = lambda *args, **kwargs: (sql, params)
            return copy

        queryset.query.get_compiler = get_compiler
        return list(queryset)


def _copy(compiler):
    copy = compiler.__class__.__new__(compiler.__class__)
    copy.__dict__ = compiler.__dict__.copy()
    return copy


def _hashable(value):
    try:
        hash(value)
    except TypeError:
        return None
    return value
