"""Fixtures shared by every app's tests: a staff member per role, stores, clients."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from zhanggui.core.policy import ROLES
from zhanggui.testing.factories import PASSWORD, StaffFactory, StoreFactory


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)


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
