"""The schema of the interventions API (`interventions/api/__init__.py`): every route, exactly."""

import pytest

from .test_reference import REFERENCE

pytestmark = pytest.mark.django_db

# --- the schema --------------------------------------------------------------------------------------------

ROUTES = {
    ("/api/v1/requests/", "get"),
    ("/api/v1/requests/", "post"),
    ("/api/v1/requests/{id}/", "get"),
    ("/api/v1/requests/{id}/", "patch"),
    ("/api/v1/requests/{id}/transitions/", "post"),
    ("/api/v1/requests/{id}/timeline/", "get"),
    ("/api/v1/requests/{id}/attachments/", "post"),
    ("/api/v1/requests/duplicates/", "get"),
    ("/api/v1/work-orders/", "get"),
    ("/api/v1/work-orders/", "post"),
    ("/api/v1/work-orders/{id}/", "get"),
    ("/api/v1/work-orders/{id}/", "patch"),
    ("/api/v1/work-orders/{id}/transitions/", "post"),
    ("/api/v1/work-orders/{id}/reschedule/", "post"),
    ("/api/v1/work-orders/{id}/suggested-agents/", "get"),
    ("/api/v1/work-orders/{id}/tasks/{task_id}/", "post"),
    ("/api/v1/work-orders/{id}/time-entries/", "get"),
    ("/api/v1/work-orders/{id}/time-entries/", "post"),
    ("/api/v1/work-orders/{id}/time-entries/{entry_id}/cancel/", "post"),
    ("/api/v1/work-orders/{id}/cost-lines/", "get"),
    ("/api/v1/work-orders/{id}/cost-lines/", "post"),
    ("/api/v1/work-orders/{id}/cost-lines/{line_id}/cancel/", "post"),
    ("/api/v1/costs/summary/", "get"),
    ("/api/v1/workflow-settings/current/", "get"),
    ("/api/v1/workflow-settings/current/", "patch"),
    *(
        (f"/api/v1/{name}/{suffix}", method)
        for name in REFERENCE
        for suffix, method in (
            ("", "get"),
            ("", "post"),
            ("{id}/", "get"),
            ("{id}/", "patch"),
            ("{id}/", "put"),
            ("{id}/archive/", "post"),
            ("{id}/restore/", "post"),
        )
    ),
}


def test_the_schema_documents_every_route_exactly(api_for, admin_a):
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert not GENERATOR_STATS._warn_cache and not GENERATOR_STATS._error_cache, dict(GENERATOR_STATS._warn_cache)
    documented = {(path, method) for path, item in schema["paths"].items() for method in item}
    assert documented >= ROUTES, sorted(ROUTES - documented)
    ours = {p for p in documented if p[0].startswith(tuple(sorted({r[0].split("{")[0] for r in ROUTES})))}
    assert ours - ROUTES == set(), sorted(ours - ROUTES)  # no DELETE; no PUT on workflow records

    for path, method in ROUTES:
        operation = schema["paths"][path][method]
        names = {(p["in"], p["name"]) for p in operation.get("parameters", [])}
        assert ("header", "X-Organization") in names, (path, method)
        assert operation["responses"], (path, method)
    create = schema["paths"]["/api/v1/requests/"]["post"]
    assert ("header", "Idempotency-Key") in {(p["in"], p["name"]) for p in create["parameters"]}
    assert set(create["responses"]) >= {"200", "201", "400", "403"}
    transition = schema["paths"]["/api/v1/requests/{id}/transitions/"]["post"]
    assert "409" in transition["responses"]
    filters = {p["name"] for p in schema["paths"]["/api/v1/work-orders/"]["get"]["parameters"]}
    assert {"state", "group", "agent", "overdue", "planned_after", "planned_before", "search", "ordering"} <= filters
    assert "quote" in filters
    for path, method in (("/api/v1/work-orders/", "post"), ("/api/v1/work-orders/{id}/", "patch")):
        assert "`skill_missing`" in schema["paths"][path][method]["responses"]["400"]["description"], (path, method)
    upload = schema["paths"]["/api/v1/requests/{id}/attachments/"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]

    # The served schema is the same document.
    assert api_for(admin_a).get("/api/schema/?format=json").status_code == 200
