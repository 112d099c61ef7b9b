"""Reporting for BI tools: the PostgreSQL views and roles (`manage.py reporting_schema`), and the scheduled CSV and
Parquet exports, which must give an organization exactly the rows its role reads, and never another's."""

import csv
import datetime
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import psycopg
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from regie.analytics.reporting import exports, schema
from regie.analytics.reporting.facts import FACTS
from regie.assets.factories import AssetFactory
from regie.assets.models import Asset
from regie.core import scheduler
from regie.core.factories import OrganizationFactory
from regie.core.models import Organization
from regie.core.permissions import Role
from regie.core.sharing import end_share, share_resource
from regie.interventions import services
from regie.interventions.models import CostLine, InterventionRequest, TimeEntry, WorkOrder
from regie.interventions.models.reference import Category, Priority
from regie.people.models import Department, Team
from tests.interventions.api_support import approved, work_order
from tests.interventions.conftest import Town

MODELS = {
    "departments": Department,
    "teams": Team,
    "categories": Category,
    "priorities": Priority,
    "requests": InterventionRequest,
    "work_orders": WorkOrder,
    "cost_lines": CostLine,
    "time_entries": TimeEntry,
    "assets": Asset,
}


class Books:
    """Two communes of an agglomeration, each with requests, work orders, labour, costs and assets; commune A lends
    one asset to the agglomeration (a share in force), not the other."""

    def __init__(self, org_a, org_b, make_member):
        self.agglo = OrganizationFactory(name="Agglo", slug="agglo", kind=Organization.Kind.AGGLOMERATION)
        Organization.objects.filter(pk__in=[org_a.pk, org_b.pk]).update(epci=self.agglo)
        self.a, self.b = Town(org_a, make_member), Town(org_b, make_member)
        self.lent, self.kept = self.assets(self.a)
        self.b_assets = self.assets(self.b)
        self.lent_order = self.work(self.a, self.lent, "Chaudière de la piscine", "412.30")
        self.kept_order = self.work(self.a, self.kept, "Toiture de l'école", "80.00")
        self.b_order = self.work(self.b, self.b_assets[0], "Voirie", "15.00")
        agglo_admin = make_member(self.agglo, Role.ADMIN)
        self.share = share_resource(
            by=self.a.admin, organization=org_a, resource=self.lent, target=self.agglo, rights="use"
        )
        self.agglo_admin = agglo_admin

    @staticmethod
    def assets(town):
        site = AssetFactory(organization=town.org, name="Site")
        return site, AssetFactory(organization=town.org, name="Bâtiment", parent=site, asset_type=site.asset_type)

    @staticmethod
    def work(town, asset, title, amount):
        request = approved(town, asset=asset, title=title)
        order = work_order(town, title=title, asset=asset, request=request, team=town.team)
        today = timezone.localdate()
        services.record_time(by=town.manager, work_order=order, agent=town.agent, date=today, hours=Decimal("1.5"))
        services.add_cost_line(
            by=town.manager, work_order=order, kind="material", label="=Joint", date=today, unit_cost=Decimal(amount)
        )
        return order


@pytest.fixture
def books(org_a, org_b, make_member):
    return Books(org_a, org_b, make_member)


def own_ids(name, organization):
    if name == "organizations":
        return {organization.pk}
    return set(MODELS[name].objects.filter(organization=organization).values_list("pk", flat=True))


# --- PostgreSQL: the schema, the roles, isolation ----------------------------------------------------------------


@contextmanager
def as_role(role):
    """The connection reads as `role` (SET ROLE, undone after: also after a refused query, in its savepoint)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {schema.quote(role)}")
        try:
            yield cursor
        finally:
            cursor.execute("RESET ROLE")


def read(cursor, view, columns="id"):
    cursor.execute(f"SELECT {columns} FROM reporting.{view} ORDER BY id")  # noqa: S608 (the tests' own names)
    return cursor.fetchall()


def refused(cursor, sql):
    try:
        with transaction.atomic():
            cursor.execute(sql)
    except DatabaseError as error:
        return "permission denied" in str(error)
    return False


@pytest.fixture
def reporting(books):
    """The schema with the roles of commune A, commune B and the agglomeration (rolled back with the test)."""
    call_command("reporting_schema", organization=["ville-a", "ville-b", "agglo"], stdout=_Null())
    return {slug: schema.role_name(Organization.objects.get(slug=slug)) for slug in ("ville-a", "ville-b", "agglo")}


class _Null:
    def write(self, text):
        pass


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_role_reads_only_its_rows_from_every_view_and_no_table(books, reporting):
    for slug, town in (("ville-a", books.a), ("ville-b", books.b)):
        expected = {fact.name: own_ids(fact.name, town.org) for fact in FACTS}  # read as the application
        assert all(expected.values())
        with as_role(reporting[slug]) as cursor:
            for fact in FACTS:
                assert {row[0] for row in read(cursor, fact.name)} == expected[fact.name], (slug, fact.name)
            for table in ("interventions_workorder", "assets_asset", "core_share", "reporting.role_organizations"):
                assert refused(cursor, f"SELECT 1 FROM {table}"), table  # noqa: S608
    other = own_ids("work_orders", books.b.org)
    assert other and not other & own_ids("work_orders", books.a.org)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_agglomeration_reads_a_lent_asset_and_the_work_on_it_not_the_others(books, reporting):
    lines = set(books.lent_order.cost_lines.values_list("pk", flat=True))
    entries = set(books.lent_order.time_entries.values_list("pk", flat=True))
    lent = WorkOrder.objects.get(pk=books.lent_order.pk)
    assert lines and entries and lent.labour_cost > 0
    with as_role(reporting["agglo"]) as cursor:
        assert {row[0] for row in read(cursor, "assets")} == {books.lent.pk}
        assert {row[0] for row in read(cursor, "work_orders")} == {books.lent_order.pk}
        assert {row[0] for row in read(cursor, "cost_lines")} == lines
        assert {row[0] for row in read(cursor, "time_entries")} == entries
        assert read(cursor, "requests") == []  # a request is its commune's: the share lends the asset's work
        assert {row[0] for row in read(cursor, "organizations")} == {books.agglo.pk, books.a.org.pk}
        (row,) = read(cursor, "work_orders", "number, total_cost, material_cost, labour_cost")
    assert row == (lent.number, lent.total_cost, Decimal("412.30"), lent.labour_cost)
    end_share(books.share, by=books.a.admin)
    with as_role(reporting["agglo"]) as cursor:
        assert read(cursor, "assets") == [] and read(cursor, "work_orders") == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_share_not_yet_in_force_lends_nothing(books, reporting):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    type(books.share).objects.filter(pk=books.share.pk).update(starts_on=tomorrow)
    with as_role(reporting["agglo"]) as cursor:
        assert read(cursor, "assets") == [] and read(cursor, "cost_lines") == []


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_command_is_idempotent_and_documents_every_column(books, reporting):
    with as_role(reporting["ville-a"]) as cursor:
        before = {fact.name: read(cursor, fact.name, "*") for fact in FACTS}
    call_command("reporting_schema", organization=["ville-a"], stdout=_Null())
    call_command("reporting_schema", stdout=_Null())  # a refresh grants the views again to every role
    with as_role(reporting["ville-a"]) as cursor:
        assert {fact.name: read(cursor, fact.name, "*") for fact in FACTS} == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT role_name, organization_id FROM reporting.role_organizations ORDER BY 2")
        assert cursor.fetchall() == [
            (reporting["ville-a"], books.a.org.pk),
            (reporting["ville-b"], books.b.org.pk),
            (reporting["agglo"], books.agglo.pk),
        ]
        cursor.execute(
            "SELECT c.relname, a.attname, col_description(c.oid, a.attnum) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'reporting' "
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 WHERE c.relkind = 'v'"
        )
        described = {(view, column): text for view, column, text in cursor.fetchall()}
        cursor.execute("SELECT rolname, rolcanlogin, rolsuper FROM pg_roles WHERE rolname = %s", [reporting["agglo"]])
        assert cursor.fetchone() == (reporting["agglo"], False, False)
    assert described == {(f.name, c.name): c.comment for f in FACTS for c in f.columns}


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_password_makes_a_login_role_and_bad_input_changes_nothing(books, monkeypatch):
    monkeypatch.setenv("BI_SECRET", "s3cret-of-ville-a")
    with pytest.raises(CommandError, match="No organization with the short name 'nowhere'"):
        call_command("reporting_schema", organization=["ville-a", "nowhere"], stdout=_Null())
    with pytest.raises(CommandError, match="BI_UNSET is unset"):
        call_command("reporting_schema", organization=["ville-a"], password_env="BI_UNSET", stdout=_Null())
    with pytest.raises(CommandError, match="exactly one"):
        call_command("reporting_schema", organization=["ville-a", "ville-b"], password_env="BI_SECRET")
    role = schema.role_name(books.a.org)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", [role])
        assert cursor.fetchone() == (0,)
        assert not schema.schema_exists(cursor)
        call_command("reporting_schema", organization=["ville-a"], password_env="BI_SECRET", stdout=_Null())
        cursor.execute("SELECT rolcanlogin, rolpassword IS NOT NULL FROM pg_authid WHERE rolname = %s", [role])
        assert cursor.fetchone() == (True, True)
        assert role.startswith(connection.settings_dict["NAME"] + ".")
    call_command("reporting_schema", remove=["ville-a"], stdout=_Null())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_roles WHERE rolname = %s", [role])
        assert cursor.fetchone() == (0,)
        call_command("reporting_schema", drop=True, stdout=_Null())
        assert not schema.schema_exists(cursor)


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_exports_hold_the_rows_the_role_reads(books, reporting, tmp_path):
    counts = exports.export_organization(books.a.org, tmp_path, chunk_size=2)  # several chunks per fact
    folder = tmp_path / "ville-a"
    with as_role(reporting["ville-a"]) as cursor:
        for fact in FACTS:
            rows = read(cursor, fact.name, ", ".join(fact.column_names))
            table = pq.read_table(folder / f"{fact.name}.parquet")
            assert table.column_names == fact.column_names
            assert [tuple(r.values()) for r in table.to_pylist()] == rows, fact.name
            assert csv_rows(folder / f"{fact.name}.csv") == [
                fact.column_names,
                *([exports.csv_text(v) for v in row] for row in rows),
            ]
            assert counts[fact.name] == len(rows)


# --- Any database: the exports and their schedule ----------------------------------------------------------------


def csv_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


@pytest.mark.django_db
def test_the_command_says_it_needs_postgresql():
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's answer")
    with pytest.raises(CommandError, match="needs PostgreSQL; this database is sqlite"):
        call_command("reporting_schema")


@pytest.mark.django_db
def test_an_export_recomputes_from_the_records_and_holds_nothing_of_another(books, tmp_path, django_assert_num_queries):
    with django_assert_num_queries(len(FACTS)):  # one streamed query per fact, whatever the rows
        counts = exports.export_organization(books.a.org, tmp_path, chunk_size=1)
    folder = tmp_path / "ville-a"
    assert pq.ParquetFile(folder / "work_orders.parquet").metadata.num_row_groups == 2  # a batch per chunk
    for fact in FACTS:
        ids = set(pq.read_table(folder / f"{fact.name}.parquet").column("id").to_pylist())
        csv_ids = {int(row[0]) for row in csv_rows(folder / f"{fact.name}.csv")[1:]}
        assert ids == csv_ids == own_ids(fact.name, books.a.org), fact.name
        assert counts[fact.name] == len(ids)
        if fact.name != "organizations":
            assert not ids & own_ids(fact.name, books.b.org)
    orders = pq.read_table(folder / "work_orders.parquet").to_pylist()
    for row in orders:
        order = WorkOrder.objects.get(pk=row["id"])
        assert row["total_cost"] == order.labour_cost + order.material_cost + order.contractor_cost
        assert row["hours"] == Decimal("1.50") and row["team_name"] == books.a.team.name
    assert sum(r["material_cost"] for r in orders) == Decimal("492.30")
    lines = csv_rows(folder / "cost_lines.csv")
    assert {line[lines[0].index("label")] for line in lines[1:]} == {"'=Joint"}  # a formula made inert
    requests = pq.read_table(folder / "requests.parquet")
    assert not {"requester_id", "description", "location", "latitude"} & set(requests.column_names)
    # the agglomeration's own export: the lent asset and the work on it, nothing else of commune A
    exports.export_organization(books.agglo, tmp_path)
    agglo = tmp_path / "agglo"
    assert pq.read_table(agglo / "assets.parquet").column("id").to_pylist() == [books.lent.pk]
    assert pq.read_table(agglo / "work_orders.parquet").column("id").to_pylist() == [books.lent_order.pk]
    assert pq.read_table(agglo / "requests.parquet").num_rows == 0
    assert csv_rows(agglo / "requests.csv") == [FACTS[5].column_names]


@pytest.mark.django_db
def test_the_scheduled_job_is_registered_and_writes_every_organization(books, tmp_path, settings):
    job = scheduler.jobs()["analytics.reporting_export"]
    assert job.function == "regie.analytics.reporting.exports.run" and job.every == datetime.timedelta(days=1)
    settings.REGIE_REPORTING_EXPORT_DIR = None
    run = scheduler.run_job(job.name, force=True)
    assert run.outcome == run.Outcome.SUCCESS and "off" in run.summary
    assert not any(tmp_path.iterdir())
    settings.REGIE_REPORTING_EXPORT_DIR = str(tmp_path)
    run = scheduler.run_job(job.name, force=True)
    assert run.outcome == run.Outcome.SUCCESS, run.error
    assert run.summary.startswith("3 organizations exported")
    for slug in ("ville-a", "ville-b", "agglo"):
        names = sorted(p.name for p in (tmp_path / slug).iterdir())
        assert names == sorted(f"{f.name}.{ext}" for f in FACTS for ext in ("csv", "parquet"))


@pytest.mark.django_db
def test_the_export_command_refuses_an_unknown_organization(books, tmp_path, settings):
    settings.REGIE_REPORTING_EXPORT_DIR = None
    with pytest.raises(CommandError, match="REGIE_REPORTING_EXPORT_DIR"):
        call_command("reporting_export")
    with pytest.raises(CommandError, match="'nowhere'"):
        call_command("reporting_export", organization=["nowhere"], directory=str(tmp_path))
    assert not any(tmp_path.iterdir())
    call_command("reporting_export", organization=["ville-b"], directory=str(tmp_path), stdout=_Null())
    assert [p.name for p in tmp_path.iterdir()] == ["ville-b"]


def test_the_docs_list_every_view_and_column():
    docs = (Path(__file__).parents[2] / "docs" / "reporting.md").read_text()
    for fact in FACTS:
        section = docs.split(f"### `reporting.{fact.name}`", 1)[1].split("###", 1)[0]
        assert [line.split("`")[1] for line in section.splitlines() if line.startswith("| `")] == fact.column_names


@pytest.fixture
def committed_roles():
    """The test commits its roles (another connection logs in with them): dropped after, with the schema."""
    made = []
    yield made
    with connection.cursor() as cursor:
        for role in made:
            cursor.execute(f"DROP ROLE IF EXISTS {schema.quote(role)}")
    schema.drop_schema()


def login(role, password):
    db = connection.settings_dict
    return psycopg.connect(
        dbname=db["NAME"], user=role, password=password, host=db["HOST"], port=db["PORT"] or 5432, connect_timeout=5
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_an_analyst_logs_in_and_reads_only_through_the_views(org_a, org_b, make_member, committed_roles, monkeypatch):
    books = Books(org_a, org_b, make_member)
    monkeypatch.setenv("BI_SECRET", "s3cret-of-ville-a")
    call_command("reporting_schema", organization=["ville-a"], password_env="BI_SECRET", stdout=_Null())
    call_command("reporting_schema", organization=["ville-b"], stdout=_Null())  # NOLOGIN, granted below
    alice = f"{connection.settings_dict['NAME']}.alice"
    committed_roles.append(alice)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {schema.quote(alice)} LOGIN PASSWORD 'alice-pw'")
        cursor.execute(f"GRANT {schema.quote(schema.role_name(org_b))} TO {schema.quote(alice)}")
    expected_a, expected_b = own_ids("work_orders", org_a), own_ids("work_orders", org_b)
    with login(schema.role_name(org_a), "s3cret-of-ville-a") as session:
        ids = {row[0] for row in session.execute("SELECT id FROM reporting.work_orders").fetchall()}
        assert ids == expected_a
        assert session.execute("SHOW default_transaction_read_only").fetchone() == ("on",)
        assert session.execute("SHOW statement_timeout").fetchone() == ("15min",)
    with login(alice, "alice-pw") as session:  # a DBA's login role, granted the NOLOGIN role of commune B
        ids = {row[0] for row in session.execute("SELECT id FROM reporting.work_orders").fetchall()}
        assert ids == expected_b and books.b_order.pk in ids
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            session.execute("SELECT id FROM interventions_workorder")
