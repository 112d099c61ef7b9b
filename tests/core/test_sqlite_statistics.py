"""After a migration, SQLite measures its tables again (a rebuilt table has no planner statistics)."""

import pytest
from django.apps import apps
from django.db import connection

from regie.core.signals import refresh_sqlite_statistics
from regie.people.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum analyzes by itself")
def test_statistics_are_refreshed_after_a_migration_that_changed_something(org_a):
    DepartmentFactory.create_batch(3, organization=org_a)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # creates sqlite_stat1, then forget the table, as a table rebuild does
        cursor.execute("DELETE FROM sqlite_stat1 WHERE tbl = 'people_department'")
        core = apps.get_app_config("core")
        refresh_sqlite_statistics(sender=core, plan=[])  # nothing migrated: nothing measured
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'people_department'")
        assert cursor.fetchone()[0] == 0
        refresh_sqlite_statistics(sender=core, plan=[("a migration", False)])
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'people_department'")
        assert cursor.fetchone()[0] > 0
