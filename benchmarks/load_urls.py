"""The product's URLs and `/minimal/` (benchmarks/load_settings.py)."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from lanzarote import urls

handler500 = urls.handler500


@require_safe
def minimal(request):
    # the session and the user are read, as on every real page
    return HttpResponse("ok" if request.user.is_authenticated else "ok.", content_type="text/plain")


urlpatterns = [path("minimal/", minimal), *urls.urlpatterns]
