import os
import subprocess
import sys


def test_pages_send_a_content_security_policy_without_inline_script(client, db):
    policy = client.get("/en/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_script_or_style(client, db):
    for url in [
        "/en/",
        "/en/treaties/cets201/articles/20/",
        "/en/treaties/cets201/parties/",
        "/en/search/?q=child",
    ]:
        page = client.get(url).text
        assert "<script>" not in page and " style=" not in page and "<style" not in page


def test_the_admin_login_is_protected_against_csrf(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "x"})
    assert response.status_code == 403


def test_the_production_settings_pass_the_deployment_check(tmp_path):
    env = {
        **os.environ,
        "LANZAROTE_DATA_DIR": str(tmp_path),
        "LANZAROTE_DEBUG": "0",
        "SECRET_KEY": "a-production-secret-" + "x" * 50,
        "SECURE_COOKIES": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "ALLOWED_HOSTS": "monitor.example.org",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "-m", "lanzarote.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


# --- side doors -------------------------------------------------------------------------------


def test_my_work_hides_a_questionnaire_whose_round_is_still_in_preparation(
    client, questionnaire_draft, secretariat, focal_point_france
):
    from lanzarote.parties.models import State
    from lanzarote.replies import services as replies

    replies.reply_start(questionnaire=questionnaire_draft, actor=secretariat,
                        party=State.objects.get(iso2="FR"))  # fmt: skip
    client.force_login(focal_point_france)
    page = client.get("/en/accounts/").text
    assert "Synthetic questionnaire" not in page
    assert "/questionnaires/test-questionnaire/" not in page
