"""Compressing one large answer for the clients that accept it: the map data a phone downloads (a town's 20,000
reports are 4.7 MB of GeoJSON, 0.37 MB gzipped). Not a middleware: pages carry the CSRF token (BREACH), and most
answers are small; a view whose body holds no secret opts in."""

import gzip

from django.utils.cache import patch_vary_headers
from django.utils.regex_helper import _lazy_re_compile

ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
MIN_BYTES = 1024  # below this, the header costs more than gzip saves
LEVEL = 1  # 4.9 MB of GeoJSON: 18 ms and 13× smaller at level 1, 49 ms and 16× at Django's 6


def gzipped(request, response):
    """`response` gzipped (level LEVEL) when the request accepts it, `Vary: Accept-Encoding` either way."""
    patch_vary_headers(response, ("Accept-Encoding",))
    if response.streaming or response.has_header("Content-Encoding") or len(response.content) < MIN_BYTES:
        return response
    if not ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        return response
    response.content = gzip.compress(response.content, compresslevel=LEVEL, mtime=0)
    response["Content-Length"] = str(len(response.content))
    response["Content-Encoding"] = "gzip"
    return response
