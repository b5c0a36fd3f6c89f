"""The comparative overview page at 50 Parties x 200 indicators, next to a minimal view of the
same app (same middleware, session and login; it answers "ok"), requests per second, in the
same run, through Django's test client in one process, the two measured in alternating turns
so that the load of a shared machine falls on both alike.

Run: LANZAROTE_DATA_DIR=/tmp/bench-overview .venv/bin/lanzarote up --no-serve
     LANZAROTE_DATA_DIR=/tmp/bench-overview .venv/bin/python benchmarks/overview_page.py
The query count is pinned by tests/test_reports.py; this measures the time.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

from django.contrib.auth.decorators import login_required  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402

PARTIES, INDICATORS, SECONDS = 50, 200, 10


@login_required
def minimal(request):
    return HttpResponse("ok")


def _urlpatterns():
    from lanzarote import urls

    return [path("minimal/", minimal), *urls.urlpatterns]


urlpatterns = _urlpatterns()


def prepare():
    from django.contrib.auth import get_user_model

    from lanzarote.accounts.models import Profile
    from lanzarote.assessments.models import Finding
    from lanzarote.monitoring import services
    from lanzarote.monitoring.models import CodingScheme, Round
    from lanzarote.parties.models import State
    from lanzarote.treaties.models import Treaty

    user, created = get_user_model().objects.get_or_create(username="bench-committee")
    if created:
        Profile.objects.create(user=user, role=Profile.Role.COMMITTEE)
        system = get_user_model().objects.create(username="bench-secretariat")
        Profile.objects.create(user=system, role=Profile.Role.SECRETARIAT)
        round_ = services.round_create(
            treaty=Treaty.objects.get(code="cets201"),
            uid="bench-round",
            kind="thematic",
            name_en="Benchmark round",
            actor=system,
        )
        Round.objects.filter(pk=round_.pk).update(status="analysis")
        scheme = services.scheme_create(round_=round_, title_en="Benchmark scheme", actor=system)
        for n in range(INDICATORS):
            services.indicator_save(
                scheme=scheme,
                code=f"i{n}",
                actor=system,
                scale="yes-partly-no",
                texts={"label_en": f"Synthetic indicator {n}", "group": f"group-{n % 8}"},
                keywords_en=[],
                keywords_fr=[],
                provisions=["cets201:20.1"],
                questions=[],
            )
        scheme = CodingScheme.objects.get(pk=scheme.pk)
        rng = random.Random(4)
        values = ["yes", "partly", "no", "not_reported"]
        Finding.objects.bulk_create(
            Finding(
                indicator=i,
                party=s,
                value=rng.choice(values),
                status="adopted",
                scheme_version=scheme.version,
            )
            for s in State.objects.order_by("iso2")[:PARTIES]
            for i in scheme.indicators.all()
        )
    return user


def rate(client, url, seconds: float) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        assert client.get(url).status_code == 200
        count += 1
    return count / (time.perf_counter() - start)


def paired_rates(client, urls, *, seconds: float = SECONDS, slices: int = 20):
    """The rates of several addresses measured in turns of seconds/slices each, so that a
    change in the machine's load falls on all of them alike (the machine is shared): the
    median rate of each, and the median of the per-turn ratios to the first."""
    for url in urls:
        client.get(url)  # warm
    turns = [[rate(client, url, seconds / slices) for url in urls] for _ in range(slices)]
    medians = [statistics.median(turn[n] for turn in turns) for n in range(len(urls))]
    ratios = [statistics.median(turn[n] / turn[0] for turn in turns) for n in range(len(urls))]
    return medians, ratios


@override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["*"])
def main() -> None:
    user = prepare()
    client = Client()
    client.force_login(user)
    page = "/en/rounds/bench-round/overview/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    print(f"overview page: {len(response.content) / 1e6:.1f} MB of HTML, {len(queries)} queries")
    (minimal_rate, page_rate), (_, share) = paired_rates(client, ["/minimal/", page])
    print(f"minimal view   {minimal_rate:8.1f} requests/s")
    print(f"overview page  {page_rate:8.1f} requests/s ({1000 / page_rate:.1f} ms each)")
    print(f"share          {share:8.0%} of the minimal view's rate (median of 20 paired turns)")


if __name__ == "__main__":
    main()
