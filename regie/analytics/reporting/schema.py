"""The PostgreSQL schema `reporting`: read-only views of the facts, and one role per organization (docs/reporting.md).

- Each view is its fact's queryset compiled to SQL (`facts.Fact.rows`) for the organizations of the connected role
  (`ROLE_ORGANIZATIONS`) on today in the sharing organization's time zone, declared `security_barrier` (a role's
  own conditions and functions never run before the view's filter, so none can leak a hidden row).
- The views belong to the application's database user: they read the base tables with its rights, the roles are
  granted USAGE on the schema and SELECT on the views only — never on a base table, nor on the mapping table.
- `reporting.role_organizations` maps a role to the organization it reads for. A role sees the organizations of
  the roles it holds (`pg_has_role(…, 'USAGE')`): itself after `SET ROLE`, or an analyst's login role that was
  granted it by a DBA.
- Roles are cluster-wide: their names start with the database's name (`role_name`), so two databases of one
  server (the parallel test databases, a staging copy) never share one.
Everything is written in one transaction: a refresh that fails leaves the schema as it was.
"""

import hashlib

from django.db import connection, transaction
from django.db.models import DateField, F, Func
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Now

from .facts import FACTS

SCHEMA = "reporting"
MAPPING = f"{SCHEMA}.role_organizations"
ROLE_NAME_BYTES = 63  # PostgreSQL's identifier limit (NAMEDATALEN - 1)
# The sessions of a reporting role read with no write and are stopped past this (a BI tool's runaway query).
LOCK_TIMEOUT = "60s"
ROLE_SETTINGS = {"default_transaction_read_only": "on", "statement_timeout": "15min"}

# The organizations the connected role reads for (a role dropped outside the command is simply no one's).
ROLE_ORGANIZATIONS = RawSQL(
    "SELECT m.organization_id FROM reporting.role_organizations m "
    "JOIN pg_catalog.pg_roles r ON r.rolname = m.role_name "
    "WHERE pg_catalog.pg_has_role(r.oid, 'USAGE')",
    (),
)
# Today in the time zone of the organization a share lends to (`Share.objects.in_force` reads it on the share).
TARGET_TODAY = Cast(Func(F("target__timezone"), Now(), function="timezone"), DateField())


class NeedsPostgreSQL(Exception):
    pass


def check_database():
    if connection.vendor != "postgresql":
        raise NeedsPostgreSQL(f"The reporting schema needs PostgreSQL; this database is {connection.vendor}.")


def quote(name):
    return connection.ops.quote_name(name)


def literal(value):
    return connection.ops.compose_sql("%s", [value])


def role_name(organization):
    """The organization's reporting role: "<database>.<slug>", shortened with a digest past 63 bytes."""
    name = f"{connection.settings_dict['NAME']}.{organization.slug}"
    if len(name.encode()) <= ROLE_NAME_BYTES:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:10]
    return name.encode()[: ROLE_NAME_BYTES - 11].decode(errors="ignore") + "~" + digest


def view_name(fact):
    return f"{SCHEMA}.{quote(fact.name)}"


def view_sql(fact):
    """The view's body: the fact's rows for the connected role's organizations, its columns in their order."""
    sql, params = fact.rows(ROLE_ORGANIZATIONS, TARGET_TODAY).order_by().query.sql_with_params()
    columns = ", ".join(quote(name) for name in fact.column_names)
    body = connection.ops.compose_sql(sql, params)
    return (
        f"CREATE VIEW {view_name(fact)} WITH (security_barrier) AS "  # noqa: S608 (the model's names, Django's SQL)
        f"SELECT {columns} FROM ({body}) AS fact_rows"
    )


def _execute(cursor, statements):
    for statement in statements:
        cursor.execute(statement)


def _existing_roles(cursor):
    """The roles of the mapping that still exist, by name."""
    cursor.execute(
        "SELECT DISTINCT m.role_name FROM reporting.role_organizations m "
        "JOIN pg_catalog.pg_roles r ON r.rolname = m.role_name ORDER BY 1"
    )
    return [row[0] for row in cursor.fetchall()]


def _privileges():
    """What a reporting role is given: to connect, to see the schema, to read each view. Nothing else."""
    yield "CONNECT", f"DATABASE {quote(connection.settings_dict['NAME'])}"
    yield "USAGE", f"SCHEMA {SCHEMA}"
    for fact in FACTS:
        yield "SELECT", view_name(fact)


def _grants(role):
    return [f"GRANT {privilege} ON {target} TO {quote(role)}" for privilege, target in _privileges()]


def _revokes(role):
    return [f"REVOKE {privilege} ON {target} FROM {quote(role)}" for privilege, target in _privileges()]


@transaction.atomic
def refresh_schema():
    """Create or refresh the schema, its mapping table and its views (dropped and made again, so a changed column
    takes effect), then grant them again to the roles of the mapping. Returns the number of views."""
    check_database()
    with connection.cursor() as cursor:
        _execute(
            cursor,
            [
                # a BI tool's long query holds its views: wait for it a while, then fail (nothing changed)
                f"SET LOCAL lock_timeout = {literal(LOCK_TIMEOUT)}",
                f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
                f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC",
                f"COMMENT ON SCHEMA {SCHEMA} IS "
                + literal("Régie: read-only views for BI tools, one role per organization (docs/reporting.md)."),
                f"CREATE TABLE IF NOT EXISTS {MAPPING} (role_name text NOT NULL, organization_id bigint NOT NULL, "
                "PRIMARY KEY (role_name, organization_id))",
                f"REVOKE ALL ON {MAPPING} FROM PUBLIC",
                f"COMMENT ON TABLE {MAPPING} IS "
                + literal("Which organization each reporting role reads for (written by manage.py reporting_schema)."),
                # an organization deleted since, a role dropped outside the command: their lines go
                "DELETE FROM reporting.role_organizations m WHERE NOT EXISTS (SELECT 1 FROM core_organization o "
                "WHERE o.id = m.organization_id) OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r "
                "WHERE r.rolname = m.role_name)",
            ],
        )
        cursor.execute(
            "SELECT table_name FROM information_schema.views WHERE table_schema = %s", [SCHEMA]
        )  # every view of the schema, also one no longer defined
        _execute(cursor, [f"DROP VIEW {SCHEMA}.{quote(name)}" for (name,) in cursor.fetchall()])
        for fact in FACTS:
            _execute(cursor, [view_sql(fact), f"REVOKE ALL ON {view_name(fact)} FROM PUBLIC"])
            cursor.execute(f"COMMENT ON VIEW {view_name(fact)} IS {literal(fact.comment)}")
            for column in fact.columns:
                cursor.execute(f"COMMENT ON COLUMN {view_name(fact)}.{quote(column.name)} IS {literal(column.comment)}")
        for role in _existing_roles(cursor):
            _execute(cursor, _grants(role))
    return len(FACTS)


@transaction.atomic
def grant_organization(organization, *, password=None):
    """Create or refresh the organization's role (NOLOGIN, or LOGIN with `password`; without one an existing
    role's login is left as it is) and map it to the organization. Needs the schema (`refresh_schema`)."""
    check_database()
    role = role_name(organization)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(
                f"CREATE ROLE {quote(role)} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
            )
        if password is not None:
            cursor.execute(f"ALTER ROLE {quote(role)} LOGIN PASSWORD {literal(password)}")
        database = quote(connection.settings_dict["NAME"])
        for setting, value in ROLE_SETTINGS.items():
            cursor.execute(f"ALTER ROLE {quote(role)} IN DATABASE {database} SET {setting} = {literal(value)}")
        cursor.execute("DELETE FROM reporting.role_organizations WHERE role_name = %s", [role])
        cursor.execute(
            "INSERT INTO reporting.role_organizations (role_name, organization_id) VALUES (%s, %s)",
            [role, organization.pk],
        )
        _execute(cursor, _grants(role))
    return role


def _drop_role(cursor, role):
    cursor.execute("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = %s", [role])
    if cursor.fetchone() is not None:
        database = quote(connection.settings_dict["NAME"])
        _execute(cursor, [f"ALTER ROLE {quote(role)} IN DATABASE {database} RESET ALL"])
        _execute(cursor, _revokes(role))
        cursor.execute(f"DROP ROLE {quote(role)}")
    cursor.execute("DELETE FROM reporting.role_organizations WHERE role_name = %s", [role])


@transaction.atomic
def remove_organization(organization):
    """Drop the organization's role: its sessions lose every view at once."""
    check_database()
    role = role_name(organization)
    with connection.cursor() as cursor:
        _drop_role(cursor, role)
    return role


def schema_exists(cursor):
    cursor.execute("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = %s", [SCHEMA])
    return cursor.fetchone() is not None


@transaction.atomic
def drop_schema():
    """Drop every reporting role of this database, then the schema. Returns the roles dropped."""
    check_database()
    with connection.cursor() as cursor:
        if not schema_exists(cursor):
            return []
        roles = _existing_roles(cursor)
        for role in roles:
            _drop_role(cursor, role)
        cursor.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
    return roles
