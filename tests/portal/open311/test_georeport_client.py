"""An independent Open311 client from PyPI (`georeport`, written against the specification) against the live
server, in both output formats. The library has no POST method: the request is posted with `requests` (its own
HTTP library) at the client's root address, with its api_key and jurisdiction, then read back with the client."""

import pytest
import requests
from georeport import GeoReport

from regie.portal.models import Report

from .conftest import KEY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_georeport_client_works_unchanged(town, live_server, fmt):
    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction="saint-ours", api_key=KEY, output_format=fmt)

    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    assert codes == ["ECL", "VOI"]

    definition = client.get_service_definition("ECL")
    attributes = definition["attributes"]
    if fmt == "xml":  # xmltodict: <attributes><attribute>…</attribute>…</attributes>
        attributes = attributes["attribute"]
    assert [a["code"] for a in attributes] == ["clignote", "couleur"]

    posted = requests.post(
        f"{client.root_address}/requests.{fmt}",
        data={
            "api_key": client.api_key,
            "jurisdiction_id": client.jurisdiction,
            "service_code": "ECL",
            "lat": "45.1",
            "long": "5.9",
            "description": "Le lampadaire devant le 3 rue Haute est éteint",
            "attribute[clignote]": "non",
            "email": "resident@example.fr",
        },
        timeout=10,
    )
    assert posted.status_code == 200, posted.text
    number = Report.objects.get().number
    assert number in posted.text

    one = client.get_service_request(number)
    assert one["service_request_id"] == number and one["status"] == "open"
    assert one["service_code"] == "ECL"
    listed = client.get_service_requests(status="open", service_code="ECL")
    if fmt == "xml":  # one <request>: xmltodict gives the dict itself
        listed = [listed] if isinstance(listed, dict) else listed
    assert [r["service_request_id"] for r in listed] == [number]
    assert "resident@example.fr" not in str(listed)
    assert client.get_service_requests(service_request_id=number)
