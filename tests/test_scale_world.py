"""The scale generator (tools/scale_world.py) at a small scale: every list page and search read
the same number of queries when the record grows from N States' replies (with documents,
passages, findings) to 2N. The full scale (200 States × 10 rounds × 200 questions, 1,000,000
passages) is a benchmark: benchmarks/scale.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lanzarote.accounts.models import Profile
from lanzarote.replies.models import Passage, Reply
from tests.conftest import make_user
from tests.search_rows import orphan_entries
from tools.scale_world import scale_build

SIZE = {"rounds": 2, "questions": 4, "passages": 6, "indicators": 3}


def _pages(world, reply_pk):
    r, q = world.rounds[0], world.questionnaires[0]
    iso2 = world.states[0]
    return [
        ("anonymous", "/en/search/?q=training"),
        ("anonymous", "/en/search/?q=formation&kind=documents"),
        ("anonymous", "/en/treaties/cets201/parties/"),
        ("anonymous", f"/en/states/{iso2}/"),
        ("secretariat", "/en/rounds/"),
        ("secretariat", f"/en/rounds/{r}/"),
        ("secretariat", f"/en/questionnaires/{q}/"),
        ("secretariat", f"/en/questionnaires/{q}/questions/1/"),
        ("secretariat", f"/en/questionnaires/{q}/states/{iso2}/"),
        ("secretariat", f"/en/rounds/{r}/state-of-play/"),
        ("secretariat", f"/en/questionnaires/{q}/state-of-play/"),
        ("secretariat", f"/en/rounds/{r}/assessment/"),
        ("secretariat", f"/en/rounds/{r}/assessment/findings/"),
        ("secretariat", f"/en/rounds/{r}/overview/"),
        ("secretariat", "/en/search/?q=training"),
        ("secretariat", f"/en/search/?q=training&round={r}&kind=documents"),
        ("secretariat", f"/en/replies/{reply_pk}/"),
        ("secretariat", "/en/accounts/"),
    ]


def _read(client, secretariat, pages) -> dict[str, int]:
    counts = {}
    for persona, url in pages:
        if persona == "anonymous":
            client.logout()
        else:
            client.force_login(secretariat)
        client.get(url)  # warm: the caches of a running server
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[f"{url} as {persona}"] = len(captured)
    return counts


@pytest.mark.slow
def test_every_list_page_and_search_read_the_same_queries_at_n_and_2n_states(client, db):
    secretariat = make_user("sofia", Profile.Role.SECRETARIAT, staff=True)
    world = scale_build(states=2, **SIZE)
    assert Passage.objects.count() == 2 * 2 * SIZE["passages"]
    reply = Reply.objects.filter(questionnaire__uid=world.questionnaires[0]).first()
    pages = _pages(world, reply.pk)
    with_n = _read(client, secretariat, pages)
    grown = scale_build(states=4, **SIZE)
    assert Passage.objects.count() == grown.passages == 4 * 2 * SIZE["passages"]
    with_2n = _read(client, secretariat, pages)
    assert {
        page: (with_n[page], with_2n[page]) for page in with_n if with_n[page] != with_2n[page]
    } == {}
    assert orphan_entries() == []
