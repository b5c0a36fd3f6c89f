"""The API keeps the contract its OpenAPI document states, checked by Schemathesis.

The document is read from /api/openapi.json through the WSGI application, and each operation is
called in the same process (no server, no network) against the world of tests/test_permissions.py:
the reference data, the demonstration data and the personas. Schemathesis generates requests
and checks that none is a server error, that every status answered (4xx included) is declared
for the operation, and that bodies and content types conform to the schema: anonymously with
valid and invalid parameters and methods the API lacks (invalid input must be refused), and as
each signed-in persona with valid requests.

Random values rarely name a real object, so a valid request's address is also drawn from the
objects of the world (a published, a confidential and a draft reply, a private self-assessment,
a round in preparation...): the bodies the API answers about them are checked for each persona.
`test_every_matrix_answer_conforms` does the same, deterministically, for each API route of
the permission matrix.

Bounded: a few examples per operation and persona (MAX_EXAMPLES), about 40 s on 2 cores.
Marked slow: `./scripts/test --fast` skips it, CI runs it on SQLite and PostgreSQL.
"""

import itertools
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lanzarote.wsgi import application
from tests.conftest import built_once
from tests.test_permissions import CASES, ICT, OPEN, PERSONAS, PUB, _world_build

pytestmark = pytest.mark.slow

MAX_EXAMPLES = 10  # per operation, persona and phase: the whole run stays near 40 s


def _config(mode: str) -> schemathesis.Config:
    return schemathesis.Config.from_dict(
        {
            "generation": {
                "mode": mode,
                "max-examples": MAX_EXAMPLES,
                "deterministic": True,  # the same requests on every run: CI does not flicker
                # An address or query holding a NUL is refused with a declared 422 by the
                # null_characters_refused middleware (tests/test_api.py probes it); the document
                # does not restate that rule on every string, so it is not generated as valid.
                "allow-x00": False,
            },
            "operations": [
                {
                    # A search is a small language ("a phrase", OR, NOT, -word): a text with
                    # no word to look for ("-", "NOT child") is refused with a declared 422 that
                    # says so, a rule JSON Schema cannot state.
                    "include-path": "/api/search",
                    "checks": {
                        "positive_data_acceptance": {"expected-statuses": ["2xx", "404", "422"]}
                    },
                }
            ],
        }
    )


# Anonymously: valid and invalid requests, and methods the API does not have. Invalid input is
# refused before any permission is looked at, so the personas send valid requests only: what
# they change is which objects are read, hidden or answered as absent.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application, config=_config("all"))
signed_in = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=_config("positive")
)

# Filled from the world when it is built: for each operation path, the path parameters that
# name objects of the world (read when a request is drawn, after the world exists).
KNOWN: dict[str, list[dict]] = {}


def _candidates(path: str, name: str, world: dict) -> list:
    if name == "code":
        return ["cets201"]
    if name == "iso2":
        return ["FR", "IT"]
    if path.startswith("/api/provisions/"):
        return ["cets201:20.1.a", "cets201:20.4"]
    if path.startswith("/api/rounds/"):
        return [ICT, "demo-published", "demo-open", "in-preparation"]
    if path.startswith("/api/questionnaires/"):
        return {"uid": [PUB, OPEN, "in-preparation-q"], "number": ["1", "2"]}[name]
    if path.startswith("/api/replies/"):
        return [world[k] for k in ("fr_published", "ombud_reply", "it_draft", "de_submitted")]
    if path.startswith("/api/self-assessments/"):
        return [world["sa_private"], world["sa_shared"], world["sa_published"]]
    if path.startswith("/api/publications/"):
        return [world["published_pub"], world["fr_draft"]]
    if path.startswith("/api/accessions/"):
        return [world["accession"]]
    if path.startswith("/api/meetings/"):
        return [28, 99, 12]
    return []


def _known(world: dict) -> dict[str, list[dict]]:
    known = {}
    for path in schema.raw_schema["paths"]:
        names = re.findall(r"{(\w+)}", path)
        if names:
            values = [_candidates(path, name, world) for name in names]
            known[path] = [
                dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)
            ]
    return known


@schema.hook
@signed_in.hook
def flatmap_case(context, case):
    """A valid request keeps its generated address or takes one naming an object of the world."""
    known = KNOWN.get(case.operation.path)
    if not known or case.meta is None or case.meta.generation.mode.is_negative:
        return st.just(case)

    def aimed(parameters):
        if parameters is not None:
            case.path_parameters = {**case.path_parameters, **parameters}
        return case

    return st.sampled_from([None, *known]).map(aimed)


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("world") / "files"
    with built_once(django_db_blocker, media, _world_build) as built:
        KNOWN.update(_known(built))
        yield built
    KNOWN.clear()


@pytest.fixture
def world(_world, db):
    """The world, and the requests made straight to the WSGI application keep the test's
    database connection: as Django's test client does, the handler's signals do not close it
    at the end of a request (it is inside the test's transaction)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield _world
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _cookies(persona: str, world: dict) -> dict[str, str]:
    if persona == "anon":
        return {}
    return {settings.SESSION_COOKIE_NAME: world["sessions"][persona]}


HYPOTHESIS = hypothesis_settings(
    deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@schema.parametrize()
@HYPOTHESIS
def test_the_api_keeps_its_contract_anonymously(case, world):
    case.call_and_validate()


@pytest.fixture(params=[p for p in PERSONAS if p != "anon"])
def persona(request):
    return request.param


@signed_in.parametrize()
@HYPOTHESIS
def test_the_api_keeps_its_contract_for_each_persona(case, persona, world):
    case.call_and_validate(cookies=_cookies(persona, world))


API_CASES = [case for case in CASES if case.name.startswith("api GET ")]


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_matrix_answer_conforms(persona, world):
    """Each API route of the permission matrix, as each persona: the answer is declared and
    its body conforms (a reply, a self-assessment, findings as the Secretariat reads them...)."""
    assert len(API_CASES) >= 20
    for matrix_case in API_CASES:
        template = matrix_case.name.removeprefix("api GET ")
        url = urlsplit(matrix_case.url.format(**world))
        pattern = re.sub(r"{(\w+)}", r"(?P<\1>[^/]+)", template)
        found = re.fullmatch(pattern, url.path)
        assert found, (template, url.path)
        case = schema[template]["GET"].Case(
            path_parameters=found.groupdict(), query=dict(parse_qsl(url.query)) or None
        )
        case.call_and_validate(cookies=_cookies(persona, world))
