from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from lanzarote.api import api
from lanzarote.core import views as core_views
from lanzarote.search import views as search_views

admin.site.site_header = "Lanzarote Monitor – administration"
admin.site.site_title = "Lanzarote Monitor"

# A full disk met outside a view is said as such (lanzarote/core/middleware.py).
handler500 = "lanzarote.core.middleware.server_error"

urlpatterns = [
    # the load balancer's and monitoring's question, anonymous, outside the languages
    path("healthz", core_views.healthz, name="healthz"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    *i18n_patterns(
        path("", core_views.home, name="home"),
        path("data/", core_views.open_data, name="open_data"),
        path("system/", core_views.system, name="system"),
        # "My work" gathers every app's work, so it is core's page, under accounts/ for people.
        path("accounts/", core_views.my_work, name="my_work"),
        path("search/", search_views.search_page, name="search"),
        path("", include("lanzarote.treaties.urls")),
        path("", include("lanzarote.parties.urls")),
        path("", include("lanzarote.committee.urls")),
        path("", include("lanzarote.cooperation.urls")),
        path("", include("lanzarote.legislation.urls")),
        path("", include("lanzarote.monitoring.urls")),
        path("", include("lanzarote.replies.urls")),
        path("", include("lanzarote.assessments.urls")),
        path("", include("lanzarote.recommendations.urls")),
        path("", include("lanzarote.reports.urls")),
        path("", include("lanzarote.accounts.urls")),
    ),
]
