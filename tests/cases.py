"""Tests every record type gets for free, in the manner of NetBox's `APIViewTestCases` / `ViewTestCases`.

A model's test class subclasses `APIRecordCases` (and `HTMLRecordCases` when it has record pages) and declares:

    class TestDepartmentAPI(APIRecordCases):
        resource = "department"                  # the matrix resource: <resource>.view / <resource>.manage
        path = "/api/v1/departments/"
        factory = DepartmentFactory
        create_data = {...}                      # a valid API payload
        update_data = {...}                      # a valid PATCH payload
        invalid_data = ({...}, "field")          # a payload refused with 400 on that field
        conflict_data = {...}                    # optional: a payload that collides with `conflict_with`
        conflict_with = {...}                    #   (factory fields of an existing record) → 400 on that field

and inherits list, detail, create, update, archive/restore, isolation, permission (every role, from the matrix),
400/404 and query-count tests; the pages add the stale-version refusal. `APIReadCases` has the read cases only
(records written through their own workflow: requests, work orders; their writes are tested with the workflow).
Nothing here names a domain app: a new module's records get the same tests by declaring these few attributes.
"""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regie.core.factories import MembershipFactory, UserFactory
from regie.core.models import AuditEvent
from regie.core.permissions import Role, can

ALL_ROLES = list(Role)


def member(organization, role):
    """A user with `role` in `organization`, with the links the role needs (department, company)."""
    from regie.people.factories import ContractorFactory, DepartmentFactory

    links = {}
    if role == Role.CONTRACTOR:
        links["contractor"] = ContractorFactory(organization=organization)
    elif role in (Role.REQUESTER, Role.DEPARTMENT_HEAD):
        links["department"] = DepartmentFactory(organization=organization)
    return MembershipFactory(organization=organization, role=role, user=UserFactory(), **links).user


def audited(obj):
    content_type = ContentType.objects.get_for_model(type(obj))
    return AuditEvent.objects.filter(content_type=content_type, object_id=str(obj.pk))


class RecordCasesBase:
    resource = ""
    factory = None
    # the role the functional cases act as: the first role of the matrix that may manage (or view) the resource
    actor_role = None

    @property
    def model(self):
        return self.factory._meta.model

    def make(self, organization, **fields):
        return self.factory(organization=organization, **fields)

    def actor(self, organization):
        role = self.actor_role or next(
            (r for r in ALL_ROLES if can(r, f"{self.resource}.manage")),
            next(r for r in ALL_ROLES if can(r, f"{self.resource}.view")),
        )
        return member(organization, role)


@pytest.mark.django_db
class APIReadCases(RecordCasesBase):
    """The read cases: records written through their own workflow (requests, work orders) stop here."""

    path = ""
    list_queries_max = 12

    def client(self, api_for, organization, role=None):
        user = member(organization, role) if role else self.actor(organization)
        return api_for(user, organization)

    def data(self, payload, organization):
        """Payloads may hold callables: `lambda org: SkillFactory(organization=org).pk` for related records."""
        return {key: value(organization) if callable(value) else value for key, value in payload.items()}

    # --- reads --------------------------------------------------------------------------------------------

    def test_list_shows_only_the_organizations_records(self, org_a, org_b, api_for):
        mine = {self.make(org_a).pk, self.make(org_a).pk}
        self.make(org_b)
        response = self.client(api_for, org_a).get(self.path)
        assert response.status_code == 200, response.content
        assert {row["id"] for row in response.json()["results"]} >= mine
        foreign = set(self.model.objects.filter(organization=org_b).values_list("pk", flat=True))
        assert not {row["id"] for row in response.json()["results"]} & foreign

    def test_detail_and_another_organizations_record_is_404(self, org_a, org_b, api_for):
        api = self.client(api_for, org_a)
        obj = self.make(org_a)
        response = api.get(f"{self.path}{obj.pk}/")
        assert response.status_code == 200, response.content
        assert response.json()["id"] == obj.pk
        foreign = self.make(org_b)
        response = api.get(f"{self.path}{foreign.pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"

    def test_unknown_id_is_404_in_the_error_format(self, org_a, api_for):
        response = self.client(api_for, org_a).get(f"{self.path}987654321/")
        assert response.status_code == 404
        assert set(response.json()) >= {"code", "message"}

    def test_list_query_count_does_not_grow_with_rows(self, org_a, api_for):
        api = self.client(api_for, org_a)
        self.make(org_a)
        api.get(self.path)  # warm caches (content types, settings rows)
        with CaptureQueriesContext(connection) as few:
            assert api.get(self.path).status_code == 200
        for _ in range(8):
            self.make(org_a)
        with CaptureQueriesContext(connection) as many:
            assert api.get(self.path).status_code == 200
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
        assert len(many) <= self.list_queries_max

    @pytest.mark.parametrize("role", ALL_ROLES)
    def test_read_permission_follows_the_matrix(self, role, org_a, api_for):
        self.make(org_a)
        response = self.client(api_for, org_a, role).get(self.path)
        expected = 200 if can(role, f"{self.resource}.view") else 403
        assert response.status_code == expected, (role, response.content)


class APIRecordCases(APIReadCases):
    """Read and write cases of a record written through the generic services (create, update, archive)."""

    create_data: dict = {}
    update_data: dict = {}
    invalid_data: tuple = ({}, "")
    conflict_data: dict | None = None
    conflict_with: dict | None = None

    def test_create_writes_one_audited_record(self, org_a, api_for):
        before = self.model.objects.filter(organization=org_a).count()
        response = self.client(api_for, org_a).post(self.path, self.data(self.create_data, org_a), format="json")
        assert response.status_code == 201, response.content
        assert self.model.objects.filter(organization=org_a).count() == before + 1
        obj = self.model.objects.get(pk=response.json()["id"])
        assert obj.organization_id == org_a.pk
        assert audited(obj).filter(action="create").exists()

    def test_invalid_create_is_a_400_naming_the_field_and_writes_nothing(self, org_a, api_for):
        payload, field = self.invalid_data
        before = self.model.objects.count()
        audit_before = AuditEvent.objects.count()
        response = self.client(api_for, org_a).post(
            self.path, self.data({**self.create_data, **payload}, org_a), format="json"
        )
        assert response.status_code == 400, response.content
        body = response.json()
        assert body["code"] == "invalid"
        assert field in body["fields"], body
        assert self.model.objects.count() == before
        assert AuditEvent.objects.count() == audit_before

    def test_duplicate_is_refused_naming_the_field_and_writes_nothing(self, org_a, api_for):
        if self.conflict_data is None:
            pytest.skip("no unique rule to collide with")
        self.make(org_a, **self.conflict_with)
        before = self.model.objects.count()
        payload = self.data({**self.create_data, **self.conflict_data}, org_a)
        response = self.client(api_for, org_a).post(self.path, payload, format="json")
        assert response.status_code == 400, response.content
        assert set(self.conflict_data) & set(response.json()["fields"]), response.json()
        assert self.model.objects.count() == before

    def test_update_changes_the_record_and_audits_it(self, org_a, api_for):
        obj = self.make(org_a)
        payload = self.data(self.update_data, org_a)
        response = self.client(api_for, org_a).patch(f"{self.path}{obj.pk}/", payload, format="json")
        assert response.status_code == 200, response.content
        for key, value in payload.items():
            assert str(response.json()[key]) == str(value)
        assert audited(obj).filter(action="update").exists()

    def test_another_organizations_record_cannot_be_changed(self, org_a, org_b, api_for):
        foreign = self.make(org_b)
        api = self.client(api_for, org_a)
        payload = self.data(self.update_data, org_a)
        assert api.patch(f"{self.path}{foreign.pk}/", payload, format="json").status_code == 404
        assert api.post(f"{self.path}{foreign.pk}/archive/", {}, format="json").status_code == 404
        foreign.refresh_from_db()
        assert foreign.archived_at is None

    def test_archive_and_restore_never_delete(self, org_a, api_for):
        obj = self.make(org_a)
        api = self.client(api_for, org_a)
        response = api.post(f"{self.path}{obj.pk}/archive/", {"reason": "Doublon"}, format="json")
        assert response.status_code == 200, response.content
        obj.refresh_from_db()
        assert obj.archived_at is not None
        assert api.delete(f"{self.path}{obj.pk}/").status_code == 405
        assert api.post(f"{self.path}{obj.pk}/restore/", {}, format="json").status_code == 200
        obj.refresh_from_db()
        assert obj.archived_at is None

    @pytest.mark.parametrize("role", ALL_ROLES)
    def test_write_permission_follows_the_matrix(self, role, org_a, api_for):
        api = self.client(api_for, org_a, role)  # may create the role's department or company
        before = self.model.objects.count()
        response = api.post(self.path, self.data(self.create_data, org_a), format="json")
        if can(role, f"{self.resource}.manage"):
            assert response.status_code == 201, (role, response.content)
        else:
            assert response.status_code == 403, (role, response.content)
            assert self.model.objects.count() == before


@pytest.mark.django_db
class HTMLRecordCases(RecordCasesBase):
    """The record pages: `<namespace>:<name>-list|-detail|-create|-update|-archive`."""

    url_prefix = ""  # e.g. "people:department"
    form_data: dict = {}  # a valid form submission (values may be callables of the organization)
    invalid_form_data: tuple = ({}, "")
    list_queries_max = 25

    def url(self, kind, *args):
        return reverse(f"{self.url_prefix}-{kind}", args=args)

    def web(self, client_for, organization, role=None):
        return client_for(member(organization, role) if role else self.actor(organization))

    def form(self, payload, organization):
        return {key: value(organization) if callable(value) else value for key, value in payload.items()}

    def test_list_and_detail_pages(self, org_a, org_b, client_for):
        web = self.web(client_for, org_a)
        obj = self.make(org_a)
        foreign = self.make(org_b)
        response = web.get(self.url("list"))
        assert response.status_code == 200
        assert obj.pk in {row.pk for row in response.context["page"].rows}
        assert foreign.pk not in {row.pk for row in response.context["page"].rows}
        assert web.get(self.url("detail", obj.pk)).status_code == 200
        assert web.get(self.url("detail", foreign.pk)).status_code == 404

    def test_list_page_query_count_does_not_grow_with_rows(self, org_a, client_for):
        web = self.web(client_for, org_a)
        self.make(org_a)
        web.get(self.url("list"))
        with CaptureQueriesContext(connection) as few:
            web.get(self.url("list"))
        for _ in range(8):
            self.make(org_a)
        with CaptureQueriesContext(connection) as many:
            web.get(self.url("list"))
        assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
        assert len(many) <= self.list_queries_max

    def test_create_through_the_form(self, org_a, client_for):
        web = self.web(client_for, org_a)
        before = self.model.objects.filter(organization=org_a).count()
        response = web.post(self.url("create"), self.form(self.form_data, org_a))
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        assert self.model.objects.filter(organization=org_a).count() == before + 1

    def test_invalid_form_shows_the_error_and_writes_nothing(self, org_a, client_for):
        web = self.web(client_for, org_a)
        payload, field = self.invalid_form_data
        before = self.model.objects.count()
        response = web.post(self.url("create"), self.form({**self.form_data, **payload}, org_a))
        assert response.status_code == 400  # the form again, with its errors
        assert field in response.context["form"].errors
        assert self.model.objects.count() == before

    def test_update_page_and_foreign_record(self, org_a, org_b, client_for):
        web = self.web(client_for, org_a)
        obj = self.make(org_a)
        assert web.get(self.url("update", obj.pk)).status_code == 200
        assert web.get(self.url("update", self.make(org_b).pk)).status_code == 404

    def test_stale_version_is_refused_and_changes_nothing(self, org_a, client_for):
        """Someone saved the record after this form was opened: saving it would overwrite their change."""
        web = self.web(client_for, org_a)
        obj = self.make(org_a)
        version = re.search(r'name="version" value="([^"]+)"', web.get(self.url("update", obj.pk)).content.decode())
        assert version, "the edit form carries the version it was opened on"
        later = obj.updated_at + datetime.timedelta(seconds=2)
        self.model.objects.filter(pk=obj.pk).update(updated_at=later)
        response = web.post(self.url("update", obj.pk), {**self.form(self.form_data, org_a), "version": version[1]})
        assert response.status_code == 400
        assert response.context["form"].non_field_errors()
        obj.refresh_from_db()
        assert obj.updated_at == later
        assert not audited(obj).filter(action="update").exists()

    def test_archive_asks_on_get_and_archives_on_post(self, org_a, client_for):
        web = self.web(client_for, org_a)
        obj = self.make(org_a)
        assert web.get(self.url("archive", obj.pk)).status_code == 200
        obj.refresh_from_db()
        assert obj.archived_at is None
        response = web.post(self.url("archive", obj.pk), {"reason": "Doublon"})
        assert response.status_code == 302
        obj.refresh_from_db()
        assert obj.archived_at is not None

    @pytest.mark.parametrize("role", ALL_ROLES)
    def test_pages_follow_the_matrix(self, role, org_a, client_for):
        web = self.web(client_for, org_a, role)
        obj = self.make(org_a)
        view = 200 if can(role, f"{self.resource}.view") else 403
        assert web.get(self.url("list")).status_code == view, role
        assert web.get(self.url("detail", obj.pk)).status_code in ((200,) if view == 200 else (403, 404)), role
        manage = can(role, f"{self.resource}.manage")
        before = self.model.objects.count()
        response = web.post(self.url("create"), self.form(self.form_data, org_a))
        if manage:
            assert response.status_code == 302, role
        else:
            assert response.status_code == 403, role
            assert self.model.objects.count() == before
