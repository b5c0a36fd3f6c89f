"""Browser tests: real pages from a live server, driven in Debian's chromium by Playwright.

Never `playwright install`: the system chromium is used (CHROMIUM overrides its path).
"""

import os
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import sync_playwright

from lanzarote.core.refdata import load_reference_data

CHROMIUM = os.getenv("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class OneRequestAtATime(ThreadedWSGIServer):
    """The live server on an in-memory SQLite database: the test and every request thread share
    the one connection that holds the database, and sqlite3 fails when two threads use it at
    once ("bad parameter or other API misuse": a page's map and chart, fetched together, got
    500). Requests are answered one at a time there; connections stay concurrent. On
    PostgreSQL (and a file database) each thread has its own connection: unchanged."""

    def set_app(self, application):
        if not self.connections_override:
            return super().set_app(application)
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return application(environ, start_response)

        return super().set_app(one_at_a_time)


LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}: apt-get install chromium (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def portal(live_server, transactional_db):
    """The live server's base URL, with the reference data loaded as `lanzarote up` loads it."""
    load_reference_data(actor="browser test")
    return live_server.url


def agree_to_confirmations(context) -> list[str]:
    """Irreversible steps ask first (confirm.js): in every tab of the context, a test agrees,
    unless it answers the dialog with its own page handler; returns what it was asked."""
    dialogs: list[str] = []

    def agree(dialog):
        answered_by_test = dialog.page and dialog.page._impl_obj.listener_count("dialog")
        if not answered_by_test:
            dialogs.append(dialog.message)
            dialog.accept()

    context.on("dialog", agree)
    return dialogs


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.dialogs = agree_to_confirmations(context)
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"
