from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from lanzarote.audit.models import AuditEvent
from lanzarote.parties.models import TreatyStatus
from lanzarote.treaties.models import Provision
from tests.conftest import PASSWORD


def test_anonymous_readers_are_sent_to_the_login(client, db):
    response = client.get("/admin/parties/treatystatus/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_staff_outside_the_secretariat_cannot_see_or_change_treaty_data(client, outsider):
    client.force_login(outsider)
    assert client.get("/admin/parties/treatystatus/").status_code == 403
    assert client.get("/admin/parties/treatystatus/import/").status_code == 403


def test_a_correction_in_the_admin_is_audited_with_before_and_after(
    secretariat_client, secretariat
):
    status = TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE")
    url = f"/admin/parties/treatystatus/{status.pk}/change/"
    form = secretariat_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        signature="2007-10-25",
        signature_precision="day",
        treaty=status.treaty_id,
        state=status.state_id,
    )
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="admin.change", object_id=str(status.pk))
    assert event.actor == secretariat
    assert event.before["signature"] is None and event.after["signature"] == "2007-10-25"


def test_correcting_a_provision_updates_the_search_index(secretariat_client):
    from lanzarote.search.selectors import search

    provision = Provision.objects.get(uid="cets201:22")
    url = f"/admin/treaties/provision/{provision.pk}/change/"
    data = {
        "text_en": provision.text_en + " Zanzibarian marker.",
        "text_fr": provision.text_fr,
        "indents_en": "[]",
        "indents_fr": "[]",
    }
    assert secretariat_client.post(url, data).status_code == 302
    # the English entry, and the French one that also indexes the other language's words
    assert {h.ref for h in search(text="zanzibarian").hits} == {"cets201:22"}
    assert search(text="zanzibarian").hits[0].lang == "en"


def test_deleting_a_provision_in_the_admin_removes_it_and_its_items_from_the_index(
    secretariat_client,
):
    from lanzarote.search.models import SearchEntry

    provision = Provision.objects.get(uid="cets201:20.1")
    assert SearchEntry.objects.filter(ref__startswith="cets201:20.1.").exists()
    url = f"/admin/treaties/provision/{provision.pk}/delete/"
    assert secretariat_client.post(url, {"post": "yes"}).status_code == 302
    assert not Provision.objects.filter(uid__startswith="cets201:20.1").exists()
    left = SearchEntry.objects.filter(kind="provision", ref__startswith="cets201:20.1")
    assert not left.exclude(ref__regex=r"^cets201:20\.1[0-9]").exists()
    assert SearchEntry.objects.filter(ref="cets201:20.2").exists()  # its neighbours stay


def test_the_csv_import_page_dry_runs_then_imports(secretariat_client, treaty):
    content = b"iso2,status,deposit,entry_into_force\nBE,party,2013-03-08,2013-07-01\n"
    url = "/admin/parties/treatystatus/import/"
    page = secretariat_client.post(
        url, {"treaty": treaty.pk, "dry_run": "on", "file": SimpleUploadedFile("s.csv", content)}
    )
    assert "nothing was changed" in page.text
    assert TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE").deposit is None
    secretariat_client.post(
        url, {"treaty": treaty.pk, "file": SimpleUploadedFile("s.csv", content)}
    )
    assert (
        str(TreatyStatus.objects.get(treaty__code="cets201", state__iso2="BE").deposit)
        == "2013-03-08"
    )


def test_the_csv_import_page_lists_every_bad_row(secretariat_client, treaty):
    content = b"iso2,status\nXX,party\nBE,unknown\n"
    page = secretariat_client.post(
        "/admin/parties/treatystatus/import/",
        {"treaty": treaty.pk, "file": SimpleUploadedFile("s.csv", content)},
    ).text
    assert "2 problems found; nothing was changed" in page
    assert "iso2 &#x27;XX&#x27; is not a known State" in page


def test_the_audit_trail_cannot_be_edited(secretariat_client, treaty):
    assert secretariat_client.get("/admin/audit/auditevent/add/").status_code == 403


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_are_locked_out(client, secretariat):
    for _ in range(3):
        client.post("/admin/login/", {"username": "sofia", "password": "wrong"})
    response = client.post("/admin/login/", {"username": "sofia", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_admin_refuses_a_status_that_breaks_the_treaty_rule(secretariat_client):
    status = TreatyStatus.objects.get(
        treaty__code="cets201", state__iso2="AD"
    )  # deposited 2014-04-30
    url = f"/admin/parties/treatystatus/{status.pk}/change/"
    form = secretariat_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(entry_into_force="2014-09-01", treaty=status.treaty_id, state=status.state_id)
    page = secretariat_client.post(url, data)
    assert page.status_code == 200
    assert "enters into force on 2014-08-01" in page.text
    assert str(TreatyStatus.objects.get(pk=status.pk).entry_into_force) == "2014-08-01"


def test_changes_to_links_are_audited_too(secretariat_client):
    from lanzarote.parties.models import Reservation

    reservation = Reservation.objects.get(state__iso2="LV", clause__provision__uid="cets201:25.3")
    url = f"/admin/parties/reservation/{reservation.pk}/change/"
    form = secretariat_client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "provisions"}
    extra = Provision.objects.get(uid="cets201:25.1.d")
    data["provisions"] = [p.pk for p in reservation.provisions.all()] + [extra.pk]
    assert secretariat_client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action="admin.change", object_id=str(reservation.pk))
    assert extra.pk in event.after["provisions"] and extra.pk not in event.before["provisions"]
