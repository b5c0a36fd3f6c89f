import pytest


@pytest.fixture
def schema(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_describes_every_operation_with_a_summary(schema):
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert len(operations) >= 11
    assert all(op.get("summary") for op in operations)


@pytest.mark.parametrize(
    "path",
    [
        "/api/treaties",
        "/api/treaties/{code}/provisions",
        "/api/treaties/{code}/obligations",
        "/api/states",
        "/api/treaties/{code}/statuses",
        "/api/treaties/{code}/reservations",
        "/api/treaties/{code}/reservation-clauses",
        "/api/accessions",
        "/api/provisions/{uid}",
    ],
)
def test_the_api_covers_treaties_provisions_obligations_parties_statuses_reservations(schema, path):
    assert path in schema["paths"]


def test_the_api_is_read_only(schema):
    assert {method for path in schema["paths"].values() for method in path} == {"get"}


def test_a_provision_is_found_by_its_stable_id(client, db):
    data = client.get("/api/provisions/cets201:20.1.a").json()
    assert data["label"] == "Art. 20(1)(a)"
    assert data["pillar"] == "prosecution"
    assert data["text_fr"].startswith("la production")


def test_provisions_are_paginated_and_filterable(client, db):
    data = client.get("/api/treaties/cets201/provisions?article=20").json()
    assert [p["uid"] for p in data["items"]][:2] == ["cets201:20.1", "cets201:20.1.a"]
    assert data["count"] == 10  # paragraphs 1-4 and items (a)-(f)


def test_statuses_give_unknown_as_null_and_partial_dates_with_their_precision(client, db):
    rows = {
        r["state"]["iso2"]: r for r in client.get("/api/treaties/cets201/statuses").json()["items"]
    }
    assert len(rows) == 48
    assert rows["BE"]["deposit"] is None
    assert rows["AM"]["signature"] == "2010"
    assert rows["TN"]["deposit_kind"] == "accession"
    assert rows["TN"]["entry_into_force"] == "2020-02-01"


def test_obligations_name_the_clause_they_may_be_reserved_under(client, db):
    items = client.get("/api/treaties/cets201/obligations?kind=criminalise&limit=100").json()[
        "items"
    ]
    by_provision = {o["provision"]: o for o in items}
    assert by_provision["cets201:20.1.f"]["reservable_under"] == "cets201:20.4"
    assert by_provision["cets201:20.1.c"]["reservable_under"] is None


def test_an_unknown_id_is_a_404(client, db):
    assert client.get("/api/provisions/cets201:99").status_code == 404
    assert client.get("/api/treaties/cets999").status_code == 404


def test_out_of_range_pagination_is_a_clear_422_not_a_crash(client, db):
    for query in ["offset=99999999999999999999", "limit=100000", "offset=-1", "limit=0"]:
        response = client.get(f"/api/treaties/cets201/provisions?{query}")
        assert response.status_code == 422, query


def test_a_year_no_date_can_hold_is_a_422_not_a_crash(client, db):
    # found by the contract run (tests/test_api_contract.py): year=0 was a server error
    for path in ["/api/meetings", "/api/activities"]:
        for year in ["0", "10000", "-5"]:
            assert client.get(f"{path}?year={year}").status_code == 422, (path, year)


@pytest.mark.parametrize(
    "path", ["/api/meetings", "/api/activities", "/api/good-practices", "/api/european-days"]
)
def test_a_treaty_filter_naming_no_treaty_lists_nothing(client, db, path):
    # the contract run found it answering 422 to a value its document declares valid
    data = client.get(f"{path}?treaty=no-such-treaty").json()
    assert data == {"items": [], "count": 0}


def test_a_filter_with_fixed_values_declares_them(schema):
    """Not any string: the contract run drew pillar=indicator__group and kind=study_visit
    (an activity's kind, whose enum once took the name of the obligations')."""
    params = {
        (path, p["name"]): str(p["schema"])
        for path in ["/api/good-practices", "/api/activities", "/api/treaties/{code}/obligations"]
        for p in schema["paths"][path]["get"]["parameters"]
    }
    assert "components/schemas/Pillar" in params["/api/good-practices", "pillar"]
    assert "study_visit" in params["/api/activities", "kind"]
    assert "criminalise" in str(schema["components"]["schemas"]["Kind"])


def test_the_interactive_api_documentation_is_served_without_a_cdn(client, db):
    page = client.get("/api/docs").text
    assert "cdn." not in page and "/static/ninja/swagger-ui-bundle" in page


# --- every answer the API gives is in its OpenAPI document ------------------------------------

HOSTILE_VALUES = {
    "integer": ["99999999999999999999", "9" * 5000, "abc", "-1"],
    "string": ["x", "%00", "a" * 300],
}


def _probe_urls(schema):
    """For each operation, addresses with each of its parameters given a hostile or plain value
    (the others plain): a representative set of what a client can send."""
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            params = operation.get("parameters", [])
            plain = {
                p["name"]: (
                    "cets201"
                    if p["name"] == "code"
                    else "round-2"
                    if p["name"] == "uid"
                    else "FR"
                    if p["name"] == "iso2"
                    else "1"
                )
                for p in params
            }
            variants = [dict(plain)]
            for p in params:
                kind = "integer" if "integer" in str(p.get("schema")) else "string"
                for value in HOSTILE_VALUES[kind]:
                    variants.append({**plain, p["name"]: value})
            for values in variants:
                url = path
                query = []
                for p in params:
                    if p["in"] == "path":
                        url = url.replace("{" + p["name"] + "}", values[p["name"]])
                    else:
                        query.append(f"{p['name']}={values[p['name']]}")
                yield operation, url + ("?" + "&".join(query) if query else "")


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_status_the_api_answers_is_declared_in_its_openapi_document(
    client, schema, secretariat, signed_in
):
    if signed_in:
        client.force_login(secretariat)
    undeclared = []
    for operation, url in _probe_urls(schema):
        status = client.get(url).status_code
        assert status < 500, url
        if str(status) not in operation["responses"]:
            undeclared.append((url[:80], status))
    assert undeclared == []


def test_error_answers_are_described_with_a_schema(schema):
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                assert response.get("description"), (path, status)
                if status != "200":
                    assert "application/json" in response.get("content", {}), (path, status)


# --- navigable and complete: every list paginates, rounds name their questionnaires, --------
# --- publications are listed with their files' checksums ---------------------------------------


def _resolved(schema, node):
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_every_list_operation_answers_a_page_with_limit_and_offset(schema):
    pages, unpaginated = [], []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            body = operation["responses"]["200"]["content"]["application/json"]["schema"]
            body = _resolved(schema, body)
            parameters = {p["name"] for p in operation.get("parameters", [])}
            if body.get("type") == "array":
                unpaginated.append(f"{method.upper()} {path}")
            elif {"items", "count"} <= set(body.get("properties", {})):
                pages.append(path)
                assert {"limit", "offset"} <= parameters, path
    assert unpaginated == []  # a list answers {"items": [...], "count": n}
    assert len(pages) >= 20
    search = schema["paths"]["/api/search"]["get"]["parameters"]
    assert {"limit", "offset"} <= {p["name"] for p in search}  # {"total", "hits"}


def test_a_round_lists_its_questionnaires_and_every_questionnaire_is_listed(client, db):
    round_2 = client.get("/api/rounds/round-2").json()
    listed = {q["uid"]: q for q in round_2["questionnaires"]}
    assert listed["round-2-thematic"]["round"] == "round-2"
    assert listed["round-2-thematic"]["url"] == "/api/questionnaires/round-2-thematic"
    assert client.get(listed["round-2-thematic"]["url"]).status_code == 200
    rounds = client.get("/api/rounds").json()
    assert {q["uid"] for r in rounds["items"] for q in r["questionnaires"]} >= {"round-2-thematic"}
    everything = client.get("/api/questionnaires?limit=1000").json()
    assert "general-overview" in {q["uid"] for q in everything["items"]}  # it has no round
    one_round = client.get("/api/questionnaires?round=round-1").json()["items"]
    assert {q["round"] for q in one_round} == {"round-1"}


def test_a_round_in_preparation_lists_nothing_to_the_public(client, secretariat, treaty):
    from lanzarote.monitoring import services

    preparing = services.round_create(
        treaty=treaty, uid="private-round", kind="thematic", name_en="Synthetic", actor=secretariat
    )
    services.questionnaire_create(
        treaty=treaty,
        uid="private-q",
        kind="thematic",
        round_=preparing,
        title_en="Synthetic",
        actor=secretariat,
    )
    assert "private-q" not in client.get("/api/questionnaires?limit=1000").text
    client.force_login(secretariat)
    listed = client.get("/api/rounds/private-round").json()["questionnaires"]
    assert [q["uid"] for q in listed] == ["private-q"]


def test_publications_are_listed_with_files_whose_bytes_match_their_checksums(
    client, secretariat, django_capture_on_commit_callbacks
):
    import hashlib

    from lanzarote.monitoring.models import Round
    from lanzarote.reports import services
    from tests.test_reports import adopt

    adopt("csam-term", "FR", "yes")
    with django_capture_on_commit_callbacks(execute=True):
        made = services.overview_publish(round_=Round.objects.get(uid="round-2"), actor=secretariat)
    page = client.get("/api/publications?round=round-2&kind=overview").json()
    assert page["count"] == 2
    assert {p["lang"] for p in page["items"]} == {"en", "fr"}
    for publication in page["items"]:
        assert {f["format"] for f in publication["files"]} == {"html", "pdf", "docx", "xlsx"}
        for file in publication["files"]:
            response = client.get(file["download"])
            assert response.status_code == 200
            content = b"".join(response.streaming_content)
            assert hashlib.sha256(content).hexdigest() == file["sha256"]
            assert len(content) == file["size"]
            assert response["Content-Type"] == file["content_type"]
    one = client.get(f"/api/publications/{made[0].pk}").json()
    assert one["version"] == 1 and one["series"] == made[0].key
    assert client.get("/api/publications?lang=de").json()["count"] == 0


def test_a_publication_not_published_is_not_found(client, secretariat):
    from lanzarote.monitoring.models import Round
    from lanzarote.reports.models import Publication

    draft = Publication.objects.create(
        kind="overview",
        round=Round.objects.get(uid="round-2"),
        lang="en",
        version=1,
        key="overview:round-2:::en",
        status="draft",
        data={},
    )
    client.force_login(secretariat)
    assert client.get(f"/api/publications/{draft.pk}").status_code == 404
    assert client.get("/api/publications").json()["count"] == 0
