"""What the GeoReport v2 specification says a client receives, as checks shared by the conformance tests: the
fields of each resource, their types, the error format; XML read back with xml.etree into the JSON shape."""

from xml.etree import ElementTree as ET

SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords", "group")
ATTRIBUTE_FIELDS = (
    "variable", "code", "datatype", "required", "datatype_description", "order", "description", "values",
)  # fmt: skip
REQUEST_FIELDS = (
    "service_request_id", "status", "status_notes", "service_name", "service_code", "description",
    "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime",
    "address", "address_id", "zipcode", "lat", "long", "media_url",
)  # fmt: skip
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
LISTS = {"services", "service_requests", "errors", "attributes", "values", "endpoints", "formats", "jurisdictions"}
BOOLEANS = {"metadata", "variable", "required"}
NUMBERS = {"order", "lat", "long", "code"}


def _value(element):
    children = list(element)
    if element.tag in LISTS:
        return [_value(child) for child in children]
    if children:
        return {child.tag: _value(child) for child in children}
    text = element.text
    if text is None:
        return None
    if element.tag in BOOLEANS:
        assert text in ("true", "false"), f"<{element.tag}> is {text!r}, not true/false"
        return text == "true"
    if element.tag in NUMBERS and text.lstrip("-").replace(".", "", 1).isdigit():
        return float(text) if "." in text else int(text)
    return text


def xml_document(response):
    """The XML answer as the JSON answer would be (lists for the list elements), checked well-formed."""
    body = response.content
    assert body.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'), body[:60]
    assert response["Content-Type"].startswith("text/xml"), response["Content-Type"]
    root = ET.fromstring(body)  # noqa: S314 (our own server's answer, in a test)
    return root.tag, _value(root)


def document(response, fmt, root=None):
    """The answer's data whatever the format (the XML root element checked when given)."""
    if fmt == "json":
        assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
        return response.json()
    tag, data = xml_document(response)
    if root:
        assert tag == root, f"root element <{tag}>, not <{root}>"
    return data


def assert_errors(response, fmt, status):
    """The specification's error answer: the HTTP status, a list of {code, description}."""
    assert response.status_code == status, (response.status_code, response.content[:300])
    errors = document(response, fmt, "errors")
    assert isinstance(errors, list) and errors, errors
    for error in errors:
        assert set(error) == {"code", "description"}, error
        assert int(error["code"]) == status and error["description"], error
    return errors


def is_w3c(text):
    from datetime import datetime

    assert isinstance(text, str) and (text.endswith("Z") or text[-6] in "+-"), text
    datetime.fromisoformat(text.replace("Z", "+00:00"))
    return True
