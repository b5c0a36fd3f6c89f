"""The read-only JSON API; its OpenAPI document is at /api/openapi.json."""

from typing import Any

from ninja import NinjaAPI

from lanzarote.assessments.api import router as assessments_router
from lanzarote.committee.api import router as committee_router
from lanzarote.cooperation.api import router as cooperation_router
from lanzarote.legislation.api import router as legislation_router
from lanzarote.monitoring.api import router as monitoring_router
from lanzarote.parties.api import router as parties_router
from lanzarote.recommendations.api import router as recommendations_router
from lanzarote.replies.api import router as replies_router
from lanzarote.reports.api import router as reports_router
from lanzarote.search.api import router as search_router
from lanzarote.treaties.api import router as treaties_router

ERROR_SCHEMAS = {
    "Error": {
        "title": "Error",
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    "ValidationError": {
        "title": "ValidationError",
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "description": "What is wrong: a message, or one entry per invalid parameter",
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "object"}}],
            }
        },
        "required": ["detail"],
    },
}


def _error(description: str, schema: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def error_responses(operation: dict[str, Any]) -> dict[str, Any]:
    """The errors an operation can answer, from what it takes: an address naming an object
    answers 404 when there is none or the reader may not read it (the same answer for both, so
    that it tells nothing of hidden objects); any parameter can be invalid (422)."""
    params = operation.get("parameters", [])
    responses = {}
    if any(p.get("in") == "path" for p in params):
        responses["404"] = _error("Not found, or not readable with your login", "Error")
    if params:
        responses["422"] = _error("A parameter is invalid or out of range", "ValidationError")
    return responses


class LanzaroteAPI(NinjaAPI):
    """The API whose OpenAPI document also declares each operation's error answers."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation["responses"].update(error_responses(operation))
        return schema


api = LanzaroteAPI(
    title="Lanzarote Monitor API",
    version="1",
    description=(
        "Open data of Lanzarote Monitor: treaties, their provisions (stable ids such as "
        "cets201:20.1.a), obligations, reservation clauses, States, treaty status, reservations, "
        "accession requests, the Committee's meetings, monitoring rounds, questionnaires, "
        "capacity-building activities, good practices, European Days, "
        "coding schemes, and the replies and "
        "findings you may read - "
        "with the same permissions as the pages (log in to the site to read more than the "
        "public). Read-only. Unknown values are null; partial dates keep their precision "
        "(YYYY or YYYY-MM)."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("", treaties_router)
api.add_router("", parties_router)
api.add_router("", committee_router)
api.add_router("", legislation_router)
api.add_router("", monitoring_router)
api.add_router("", replies_router)
api.add_router("", search_router)
api.add_router("", assessments_router)
api.add_router("", recommendations_router)
api.add_router("", cooperation_router)
api.add_router("", reports_router)
