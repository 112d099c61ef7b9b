"""The staff's pages: the triage queue, a report's page (personal data by role, page and API alike), its forms."""

import pytest
from django.urls import reverse

from regie.core.permissions import Role
from regie.portal.models import Report, Triage
from regie.portal.selectors import may_see_personal

pytestmark = pytest.mark.django_db


def client_for(client, user):
    client.force_login(user)
    return client


def test_the_queue_shows_reports_to_triage_newest_first(client, town):
    older, newer = town.report(address="1 rue A"), town.report(address="2 rue B")
    done = town.report(address="3 rue C", triage=Triage.REJECTED)
    reopened = town.report(address="4 rue D", reopened=1)
    page = client_for(client, town.manager).get(reverse("portal:report-list")).content.decode()
    assert page.index(reopened.number) < page.index(newer.number) < page.index(older.number)
    assert done.number not in page and "data-reopened" in page
    page = client.get(reverse("portal:report-list"), {"triage": "all", "q": "3 rue"}).content.decode()
    assert done.number in page and older.number not in page
    assert client.get(reverse("portal:report-list"), {"has_asset": "maybe"}).status_code == 200


def test_the_queue_holds_reports_on_an_asset_and_the_asset_filter_narrows_them(client, town):
    from regie.assets.factories import AssetFactory

    on_asset, by_address = town.report(asset=AssetFactory(organization=town.org)), town.report(address="5 rue E")
    page = client_for(client, town.manager).get(reverse("portal:report-list")).content.decode()
    assert on_asset.number in page and by_address.number in page  # no filter chosen: both
    page = client.get(reverse("portal:report-list"), {"has_asset": "true"}).content.decode()
    assert on_asset.number in page and by_address.number not in page
    page = client.get(reverse("portal:report-list"), {"has_asset": "false"}).content.decode()
    assert on_asset.number not in page and by_address.number in page


def test_another_organizations_report_is_not_found(client, town, org_b):
    from regie.portal.factories import ReportFactory

    other = ReportFactory(organization=org_b)
    response = client_for(client, town.manager).get(reverse("portal:report-detail", args=[other.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER, Role.DEPARTMENT_HEAD, Role.ELECTED])
def test_personal_data_follows_one_rule(client, town, make_member, role):
    user = make_member(town.org, role)
    report = town.report(email="ana@example.org", name="Ana Martin")
    page = client_for(client, user).get(reverse("portal:report-detail", args=[report.pk])).content.decode()
    shown = may_see_personal(user.memberships.get(organization=town.org))
    assert shown == (role in (Role.ADMIN, Role.MANAGER))
    assert ("ana@example.org" in page) == shown and ("Ana Martin" in page) == shown


def test_the_triage_forms_work_without_and_with_htmx(client, town):
    report, other = town.report(), town.report()
    c = client_for(client, town.manager)
    url = reverse("portal:report-reject", args=[report.pk])
    assert c.post(url, {"reject-public_reason": ""}).status_code == 400
    response = c.post(url, {"reject-public_reason": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and b"reject-form" in response.content
    response = c.post(url, {"reject-public_reason": "Domaine privé"})
    assert response.status_code == 302 and Report.objects.get(pk=report.pk).triage == Triage.REJECTED
    response = c.post(
        reverse("portal:report-merge", args=[other.pk]), {"merge-into": report.pk}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response["HX-Redirect"].endswith(f"/reports/{other.pk}/")
    response = c.post(
        reverse("portal:report-convert", args=[town.report().pk]),
        {"convert-title": "Éteint", "convert-category": town.category.pk},
    )
    assert response.status_code == 302
    assert c.get(response["Location"]).content.decode().count("data-request") == 1


def test_who_may_not_triage_gets_403(client, town):
    report = town.report()
    c = client_for(client, town.head)
    assert c.get(reverse("portal:report-detail", args=[report.pk])).status_code == 200
    assert c.post(reverse("portal:report-reject", args=[report.pk]), {"reject-public_reason": "x"}).status_code == 403


def test_the_service_catalogue_pages(client, town):
    c = client_for(client, town.manager)
    assert town.service.name in c.get(reverse("portal:servicecategory-list")).content.decode()
    assert c.get(reverse("portal:servicecategory-detail", args=[town.service.pk])).status_code == 200
    response = c.post(
        reverse("portal:servicecategory-create"),
        {"code": "VOIRIE", "name": "Voirie", "request_category": town.category.pk, "position": 10},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
