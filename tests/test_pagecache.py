"""The page cache (lib/pagecache.py): the overview matrix is served from it while its data is
unchanged, never after a write that changes it has committed, and never to another audience."""

import pytest
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import caches
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token
from django.utils import translation

from lanzarote.accounts.models import Profile
from lanzarote.accounts.permissions import audience_of
from lanzarote.assessments import services as assessments
from lanzarote.lib import pagecache
from lanzarote.monitoring.models import Indicator
from lanzarote.parties.models import State
from tests.conftest import make_user

OVERVIEW = "/en/rounds/round-2/overview/"
CELL = 'class="v v-not_reported"'


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    """The cache as in production: a folder of files."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    yield caches["pages"]
    caches["pages"].clear()


@pytest.fixture
def second_analyst(db):
    return make_user("samuel", Profile.Role.SECRETARIAT, staff=True)


def _indicator(code="csam-term"):
    return Indicator.objects.get(scheme__round__uid="round-2", code=code)


def _finding(actor, iso2="FR", code="csam-term", value="not_reported"):
    return assessments.finding_save(
        indicator=_indicator(code),
        party=State.objects.get(iso2=iso2),
        value=value,
        rationale="Synthetic.",
        actor=actor,
    )


def _cells(client) -> int:
    response = client.get(OVERVIEW)
    assert response.status_code == 200
    return response.text.count(CELL)


def test_an_adoption_shows_on_the_overview_as_soon_as_it_commits(
    client, committee_member, secretariat, second_analyst, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reviewed = assessments.finding_review(finding=_finding(secretariat), actor=second_analyst)
    client.force_login(committee_member)
    before = _cells(client)
    assessments.finding_adopt(finding=reviewed, actor=secretariat)
    # not committed yet (the test's transaction holds it): the part built before is served,
    # which shows that it is cached
    assert _cells(client) == before
    finding = assessments.finding_reopen(finding=reviewed, actor=secretariat, reason="Again.")
    finding = assessments.finding_review(finding=finding, actor=second_analyst)
    with django_capture_on_commit_callbacks(execute=True):
        assessments.finding_adopt(finding=finding, actor=secretariat)
    assert _cells(client) == before + 1


def test_work_on_drafts_keeps_the_overview_cached_and_a_scheme_change_does_not(
    client, committee_member, secretariat, page_cache, django_capture_on_commit_callbacks
):
    client.force_login(committee_member)
    _cells(client)
    key_before = pagecache.part_key(
        "x", parts=(), audience="a", topics=("assessments", "monitoring")
    )
    with django_capture_on_commit_callbacks(execute=True):
        _finding(secretariat)  # a draft: not on the overview
    assert (
        pagecache.part_key("x", parts=(), audience="a", topics=("assessments", "monitoring"))
        == key_before
    )
    from lanzarote.monitoring import services as monitoring

    indicator = _indicator()
    with django_capture_on_commit_callbacks(execute=True):
        monitoring.indicator_save(
            scheme=indicator.scheme,
            code=indicator.code,
            actor=secretariat,
            scale=indicator.scale,
            texts={"label_en": "Renamed indicator (synthetic)", "group": indicator.group},
            keywords_en=[],
            keywords_fr=[],
            provisions=[],
            questions=[],
        )
    assert "Renamed indicator (synthetic)" in client.get(OVERVIEW).text


def test_a_write_that_rolls_back_bumps_nothing(secretariat):
    key = pagecache.part_key("x", parts=(), audience="a", topics=("assessments.work",))
    with pytest.raises(RuntimeError), transaction.atomic():
        _finding(secretariat)
        raise RuntimeError("rolled back")
    assert pagecache.part_key("x", parts=(), audience="a", topics=("assessments.work",)) == key


def test_many_writes_in_one_transaction_bump_once_on_commit(db):
    with transaction.atomic():
        for topic in ("a", "b", "a"):
            pagecache.topics_bump(topic)
        bumps = [
            c
            for _, c, _ in transaction.get_connection().run_on_commit
            if isinstance(c, pagecache._Bump)
        ]
        assert len(bumps) == 1 and bumps[0].topics == {"a", "b"}


def _page(request, audience, built):
    def render(extra):
        built.append(audience)
        return HttpResponse(f"<p>{audience} {extra['csrf_token']}</p>")

    return pagecache.cached_page(request, name="t", audience=audience, topics=("t",), render=render)


def _request(rf, path="/en/x/"):
    request = rf.get(path)
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    return request


def test_each_audience_language_and_address_has_its_own_page(rf, db):
    built = []
    for audience in ("secretariat", "committee", "secretariat"):
        page = _page(_request(rf), audience, built).content.decode()
        assert page.startswith(f"<p>{audience} ")
    assert built == ["secretariat", "committee"]
    _page(_request(rf, "/en/x/?group=a"), "committee", built)
    with translation.override("fr"):
        _page(_request(rf), "committee", built)
    assert built == ["secretariat", "committee", "committee", "committee"]
    _page(_request(rf), None, built)  # no audience: never cached
    _page(_request(rf), None, built)
    assert built[-2:] == [None, None]


def test_each_reader_gets_their_own_csrf_token_and_messages_are_never_cached(rf, db):
    built = []
    first = _request(rf)
    page = _page(first, "committee", built).content.decode()
    second = _request(rf)
    again = _page(second, "committee", built).content.decode()
    assert built == ["committee"]
    token = again.removeprefix("<p>committee ").removesuffix("</p>")
    assert _unmask_cipher_token(token) == second.META["CSRF_COOKIE"] != first.META["CSRF_COOKIE"]
    assert page.removeprefix("<p>committee ").removesuffix("</p>") not in again
    with_message = _request(rf)
    messages.success(with_message, "Saved.")
    _page(with_message, "committee", built)
    assert built == ["committee", "committee"]


def test_audiences_are_apart_by_role_party_organisation_and_demonstration(
    secretariat, committee_member, focal_point_france, focal_point_italy
):
    from django.contrib.auth.models import AnonymousUser

    audiences = [
        audience_of(u)
        for u in (
            AnonymousUser(),
            secretariat,
            committee_member,
            focal_point_france,
            focal_point_italy,
        )
    ]
    assert len(set(audiences)) == len(audiences) and audiences[0] == "public"
    demo = make_user("dora", Profile.Role.COMMITTEE)
    Profile.objects.filter(user=demo).update(is_demo=True)
    demo.refresh_from_db()
    assert audience_of(demo) != audience_of(committee_member)


def test_a_cached_overview_is_never_served_to_a_reader_who_may_not_read_it(
    client, secretariat, focal_point_france
):
    client.force_login(secretariat)
    assert client.get(OVERVIEW).status_code == 200
    client.force_login(focal_point_france)
    assert client.get(OVERVIEW).status_code == 403
    client.logout()
    assert client.get(OVERVIEW).status_code == 302  # to sign in


def test_the_cached_part_holds_nothing_of_one_request(client, secretariat, committee_member):
    import re

    client.force_login(secretariat)
    first = client.get(OVERVIEW).text
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first)
    assert len(tokens) > 2  # the publish forms and the log-out form, all outside the part
    client.force_login(committee_member)
    second = client.get(OVERVIEW).text
    assert not any(token in second for token in tokens)
    assert "sofia" not in second and "Publish this overview" not in second


def test_a_cache_that_cannot_be_read_or_written_costs_the_cache_not_the_page(
    rf, db, page_cache, monkeypatch
):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    built = []
    monkeypatch.setattr(page_cache, "set", broken)
    assert _page(_request(rf), "committee", built).status_code == 200
    monkeypatch.setattr(page_cache, "get", broken)
    assert _page(_request(rf), "committee", built).status_code == 200
    assert built == ["committee", "committee"]


def test_a_cache_folder_that_cannot_be_written_does_not_stop_the_start(page_cache, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(page_cache, "set", broken)
    pagecache.everything_bump()  # logged, not raised


def test_a_hit_reads_no_round_yet_a_round_the_reader_may_not_see_stays_404(
    client, secretariat, committee_member, treaty
):
    """The overview reads its round only to build the page: a hit is served on the reader's
    audience and the round's version alone, and a round in preparation cached for the
    Secretariat is not found by the Committee."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lanzarote.monitoring import services as monitoring

    client.force_login(committee_member)
    client.get(OVERVIEW)
    with CaptureQueriesContext(connection) as hit:
        assert client.get(OVERVIEW).status_code == 200
    assert not [q for q in hit.captured_queries if "monitoring_round" in q["sql"]]
    assert len(hit) == 2  # the session, and the user with their profile

    preparing = monitoring.round_create(
        treaty=treaty,
        uid="synthetic-in-preparation",
        kind="thematic",
        name_en="Synthetic round in preparation",
        actor=secretariat,
    )
    monitoring.scheme_create(round_=preparing, title_en="Synthetic scheme", actor=secretariat)
    address = "/en/rounds/synthetic-in-preparation/overview/"
    client.force_login(secretariat)
    assert client.get(address).status_code == 200
    assert client.get(address).status_code == 200  # now in the cache, for the Secretariat
    client.force_login(committee_member)
    assert client.get(address).status_code == 404


def test_a_reader_that_takes_gzip_gets_the_page_compressed_with_their_own_token(
    client, secretariat
):
    import gzip
    import re

    client.force_login(secretariat)
    plain = client.get(OVERVIEW)  # built and stored, served as rendered
    assert "Accept-Encoding" in plain["Vary"] and not plain.has_header("Content-Encoding")
    again = client.get(OVERVIEW)  # from the cache, to a reader that does not take gzip
    assert not again.has_header("Content-Encoding")
    packed = client.get(OVERVIEW, headers={"accept-encoding": "br, gzip;q=0.9, deflate"})
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) * 3 < len(again.content)
    page = gzip.decompress(packed.content)  # checks the length and the CRC-32 of the whole
    tokens = set(re.findall(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page))
    assert len(tokens) == 1  # every form carries this reader's token, joined in compressed
    token = tokens.pop()
    assert b'"X-CSRFToken": "' + token + b'"' in page  # and so do htmx's requests
    other = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', again.content)[1]
    assert token != other and _unmask_cipher_token(token.decode()) == _unmask_cipher_token(
        other.decode()
    )
    # the same page as the uncompressed one, but for the token of each request
    assert page.replace(token, b"T") == again.content.replace(other, b"T")


def test_each_compressed_part_stands_alone_so_any_token_joins_them(db):
    import gzip

    kept = pagecache.Kept([b"<p>a" * 5000, b"b" * 3, b"", b"c\xc3\xa9" * 7000])
    for token in (b"", b"x", b"token" * 20):
        assert gzip.decompress(kept.gzipped(token)) == kept.page(token)
