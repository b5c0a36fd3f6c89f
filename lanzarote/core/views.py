from django.shortcuts import render

from lanzarote.parties.models import TreatyStatus
from lanzarote.treaties.models import Treaty


def home(request):
    treaties = list(Treaty.objects.all())
    parties = {t.pk: 0 for t in treaties}
    for treaty_id in TreatyStatus.objects.filter(status=TreatyStatus.Status.PARTY).values_list(
        "treaty_id", flat=True
    ):
        parties[treaty_id] += 1
    return render(
        request,
        "core/home.html",
        {
            "treaties": [(t, parties[t.pk]) for t in treaties],
        },
    )


def open_data(request):
    return render(request, "core/open_data.html", {"treaties": Treaty.objects.all()})
