"""Who acts: the typed actor every service takes as ``by`` and every selector as ``user``."""

from __future__ import annotations

from typing import Any, Protocol


class Actor(Protocol):
    """A signed-in staff member (console session or API token) as the kernel knows one.

    The staff model of ``accounts`` is the implementation; the kernel names only what the policy
    table, store scoping and the audit log read, so it never imports a context.
    """

    @property
    def pk(self) -> Any: ...

    @property
    def username(self) -> str: ...

    @property
    def role(self) -> str: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def stores(self) -> Any:
        """The stores the staff member is assigned to (a related manager)."""
