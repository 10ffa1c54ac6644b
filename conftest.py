"""Fixtures shared by every app's tests: a staff member per role, stores, clients, the demo shop."""

from __future__ import annotations

import os

import pytest
from django.db import transaction
from django.test import Client

from zhanggui.core.policy import ROLES
from zhanggui.testing.demo import demo_build_pinned
from zhanggui.testing.factories import PASSWORD, StaffFactory, StoreFactory


@pytest.hookimpl(tryfirst=True)  # before pytest-django's own (stable) sort: database tests, then transactional ones
def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if item.get_closest_marker("e2e") and "e2e" not in item.path.name:
            raise pytest.UsageError(f"{item.nodeid}: browser tests live in test_*e2e*.py (make test runs only those)")
    # Slow tests first, those sharing a module's data (``module_db``) foremost: in a parallel run a
    # worker that runs dry takes queued tests from the end of another's queue, so the run ends on
    # short tests and a module's shared data is built once. The sort is stable: every worker
    # computes the same order, as xdist requires.
    items.sort(key=lambda item: (item.get_closest_marker("slow") is None, "module_db" not in item.fixturenames))


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """One transaction around a test module, like ``TestCase.setUpTestData``.

    What a module fixture writes after this is seen by each of the module's tests (each runs in its
    own savepoint, as with ``db``) and rolled back after the last one. For costly data the tests read.
    """
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_shop(module_db, django_db_blocker):  # type: ignore[no-untyped-def]
    """The small demo shop at ``DEMO_NOW``, built once for the test module (tests change it in their savepoint)."""
    with django_db_blocker.unblock():
        return demo_build_pinned(size="small")


@pytest.fixture
def store(db):  # type: ignore[no-untyped-def]
    return StoreFactory()


@pytest.fixture
def other_store(db):  # type: ignore[no-untyped-def]
    return StoreFactory()


@pytest.fixture
def make_staff(db, store):  # type: ignore[no-untyped-def]
    """``make_staff("operator")`` → a staff member of that role assigned to ``store``."""

    def make(role: str, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("stores", [store])
        return StaffFactory(
            username=kwargs.pop("username", f"{role}_{StaffFactory._meta.next_sequence()}"), role=role, **kwargs
        )

    return make


@pytest.fixture
def staff_by_role(make_staff):  # type: ignore[no-untyped-def]
    return {role: make_staff(role) for role in ROLES}


@pytest.fixture
def client_for():  # type: ignore[no-untyped-def]
    """A logged-in console client for a staff member."""

    def make(staff, **kwargs):  # type: ignore[no-untyped-def]
        client = Client(**kwargs)
        client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def api_client_for(db):  # type: ignore[no-untyped-def]
    """A client sending a fresh API token of the staff member as ``Authorization: Bearer``."""
    from zhanggui.accounts.services import api_token_create

    def make(staff):  # type: ignore[no-untyped-def]
        _token, raw = api_token_create(by=staff, name="test")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


__all__ = ["PASSWORD"]


# --- Browser tests (marked e2e, run in their own pytest process) -----------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright; skipped (or failed with REQUIRE_E2E=1) without it."""
    required = os.environ.get("REQUIRE_E2E") == "1"
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install -r requirements/dev.txt)"
    if reason is None and not os.path.exists(CHROMIUM):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium fonts-wqy-microhei)"
    if reason:
        if required:
            pytest.fail(f"REQUIRE_E2E=1 but browser tests cannot run: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
    # between page steps are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport={"width": 1440, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def login(page):  # type: ignore[no-untyped-def]
    """Sign in through the real login form."""

    def sign_in(username: str, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_url("**/")

    return sign_in
