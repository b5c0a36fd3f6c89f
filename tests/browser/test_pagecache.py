"""The overview from the page cache, seen in chromium: the second visit is served compressed
(gzip, parts joined around the reader's token) and reads and works as the first."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import _sign_in, demo_portal  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    """The cache as in production (the tests' default is none): a folder of files."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        },
    }
    yield
    caches["pages"].clear()


def test_the_cached_overview_is_served_compressed_and_its_forms_still_work(page, demo_portal):  # noqa: F811
    _sign_in(page, demo_portal, "demo-committee")
    address = f"{demo_portal}/en/rounds/demo-published/overview/"
    first = page.goto(address)
    assert first is not None and first.status == 200
    cells = page.locator("td").count()
    assert cells > 10
    second = page.goto(address)  # from the cache
    assert second is not None and second.status == 200
    assert second.all_headers().get("content-encoding") == "gzip"
    expect(page.locator("td")).to_have_count(cells)
    # the reader's own CSRF token was joined in: a form of the cached page is accepted
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()
