"""The two output formats of GeoReport v2: JSON and XML, chosen by the resource's extension (`services.xml`).

XML follows the specification's examples: a root element (`services`, `service_requests`, `errors`…), one
element per item (`service`, `request`, `error`…), one child element per field; lists inside an item
(`attributes`, `values`) nest the same way. Built with xml.etree, which escapes text; UTF-8 with its declaration.
"""

import re
from datetime import UTC, datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse

FORMATS = ("json", "xml")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element an item of a list is written in, by the list's name (the specification's examples).
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "jurisdictions": "jurisdiction",
}


FORMAT_PATTERN = "json|xml"  # `<open311fmt:fmt>` in a route: anything else does not resolve (404)


def w3c(moment):
    """A date-time as the specification wants it: ISO 8601 (W3C note), UTC, with its zone ("Z")."""
    if moment is None:
        return None
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # characters XML 1.0 cannot carry


def _text(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value)
    return NOT_XML.sub("", str(value))


def _append(parent, name, value):
    element = ET.SubElement(parent, name)
    _fill(element, name, value)


def _fill(element, name, value):
    if isinstance(value, dict):
        for key, item in value.items():
            _append(element, key, item)
    elif isinstance(value, list | tuple):
        item_name = ITEM_NAMES.get(name, "item")
        for item in value:
            _append(element, item_name, item)
    else:
        element.text = _text(value)


def to_xml(root, data):
    """`data` (a list or a dict) as the bytes of an XML document whose root element is `root`."""
    element = ET.Element(root)
    _fill(element, root, data)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(element, encoding="unicode").encode()


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime):
            return w3c(o)
        if isinstance(o, Decimal):
            return float(o)
        return super().default(o)


def respond(fmt, root, data, status=200):
    """The answer in the chosen format: JSON (the list or object itself) or XML under `root`."""
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        import json

        body = json.dumps(data, cls=_Encoder, ensure_ascii=False).encode()
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES.get(fmt, CONTENT_TYPES["json"]))
    response["Cache-Control"] = "no-store"
    response["Access-Control-Allow-Origin"] = "*"  # public data, no cookies used: any web client may read it
    return response
