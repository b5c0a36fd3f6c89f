"""The read-only JSON API; its OpenAPI document is at /api/openapi.json."""

from ninja import NinjaAPI

from lanzarote.assessments.api import router as assessments_router
from lanzarote.monitoring.api import router as monitoring_router
from lanzarote.parties.api import router as parties_router
from lanzarote.recommendations.api import router as recommendations_router
from lanzarote.replies.api import router as replies_router
from lanzarote.reports.api import router as reports_router
from lanzarote.search.api import router as search_router
from lanzarote.treaties.api import router as treaties_router

api = NinjaAPI(
    title="Lanzarote Monitor API",
    version="1",
    description=(
        "Open data of Lanzarote Monitor: treaties, their provisions (stable ids such as "
        "cets201:20.1.a), obligations, reservation clauses, States, treaty status, reservations, "
        "accession requests, monitoring rounds, questionnaires, coding schemes, and the replies and "
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
api.add_router("", monitoring_router)
api.add_router("", replies_router)
api.add_router("", search_router)
api.add_router("", assessments_router)
api.add_router("", recommendations_router)
api.add_router("", reports_router)
