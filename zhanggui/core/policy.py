"""The role/permission policy: one table, deny by default.

The console menu, every console view, every API route and object scoping read this table.
A permission code not granted here is denied; a route without a declared code fails the
permission-matrix test.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Route markers that are not permissions: the login page and health check are public,
# personal pages (home, password change) need only a signed-in staff member.
PUBLIC = "public"
AUTHENTICATED = "authenticated"

ROLES: dict[str, Promise] = {
    "cs_agent": _("Customer service agent"),
    "cs_lead": _("Customer service lead"),
    "order_clerk": _("Order clerk"),
    "aftersales": _("After-sales specialist"),
    "operator": _("Operations specialist"),
    "analyst": _("Data analyst"),
    "editor": _("Site editor"),
    "manager": _("E-commerce manager"),
    "gm": _("General manager"),
    "admin": _("Administrator"),
}

PERMISSIONS: dict[str, Promise] = {
    "audit.view": _("View the audit log"),
    "pii.reveal": _("Reveal masked personal data"),
    "pii.export": _("Export personal data unmasked"),
    "staff.manage": _("Manage staff, roles and teams"),
    "store.view": _("View stores"),
    "store.manage": _("Create and edit stores"),
    "store.credentials": _("View and change store credentials"),
    "catalog.view": _("View products, SKUs and stock"),
    "catalog.edit": _("Create and edit products and SKUs"),
    "catalog.price": _("Change SKU prices"),
    "catalog.stock": _("Adjust stock"),
    "catalog.listing": _("List and delist products in stores"),
    "catalog.import": _("Import products"),
    "catalog.export": _("Export products"),
    "catalog.warehouse": _("Manage warehouses"),
    "knowledge.view": _("Search product knowledge"),
    "knowledge.edit": _("Edit product knowledge"),
    "orders.view": _("View orders"),
    "orders.edit": _("Edit orders before shipment"),
    "orders.review": _("Review held orders"),
    "orders.ship": _("Ship orders"),
    "orders.import": _("Import orders"),
    "orders.price_adjust": _("Adjust order prices"),
    "orders.export": _("Export orders"),
    "orders.blacklist": _("Manage the buyer blacklist"),
    "ratings.view": _("View store ratings"),
    "ratings.import": _("Import store ratings"),
    "aftersales.view": _("View after-sales cases"),
    "aftersales.create": _("Open after-sales cases and send buyers guidance"),
    "aftersales.handle": _("Decide and handle after-sales cases"),
    "aftersales.refund": _("Issue refunds"),
    "aftersales.import": _("Import after-sales requests"),
    "aftersales.report": _("View after-sales reports and defect statistics"),
    "aftersales.settings": _("Change after-sales rules and reasons"),
    "service.view": _("View buyer conversations"),
    "service.reply": _("Answer buyers and take conversations"),
    "service.assign": _("Assign and transfer any conversation, set agents' status"),
    "service.settings": _("Change service groups, business hours and team canned replies"),
    "service.export": _("Export conversations"),
}

_EVERYONE = {"store.view", "catalog.view", "knowledge.view"}
# After-sales: agents open cases and see them; the after-sales desk decides, handles and refunds.
_AFTERSALES_DESK = {
    "aftersales.view",
    "aftersales.create",
    "aftersales.handle",
    "aftersales.refund",
    "aftersales.import",
    "aftersales.report",
}
# Customer service: agents answer the conversations of their groups; leads run the queue.
_SERVICE_AGENT = {"service.view", "service.reply"}
_SERVICE_LEAD = _SERVICE_AGENT | {"service.assign", "service.settings", "service.export"}
# Buyers' ratings matter to everyone who serves them or answers for the numbers.
_RATING_READERS = {"ratings.view"}
# The order desk: everything an order clerk does with orders.
_ORDER_DESK = {
    "orders.view",
    "orders.edit",
    "orders.review",
    "orders.ship",
    "orders.import",
    "orders.price_adjust",
    "orders.export",
    "orders.blacklist",
}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "cs_agent": frozenset(
        _EVERYONE
        | _RATING_READERS
        | {"pii.reveal", "orders.view", "orders.edit", "aftersales.view", "aftersales.create"}
        | _SERVICE_AGENT
    ),
    "cs_lead": frozenset(
        _EVERYONE
        | _RATING_READERS
        | {"pii.reveal", "knowledge.edit", "orders.view", "orders.edit", "ratings.import"}
        | {"aftersales.view", "aftersales.create", "aftersales.handle"}
        | _SERVICE_LEAD
    ),
    "order_clerk": frozenset(
        _EVERYONE | _RATING_READERS | {"pii.reveal", "catalog.stock", "aftersales.view"} | _ORDER_DESK
    ),
    "aftersales": frozenset(
        _EVERYONE
        | _RATING_READERS
        | {"pii.reveal", "catalog.stock", "orders.view", "knowledge.edit"}
        | _AFTERSALES_DESK
        | _SERVICE_AGENT
    ),
    "operator": frozenset(
        _EVERYONE
        | {
            "catalog.edit",
            "catalog.price",
            "catalog.stock",
            "catalog.listing",
            "catalog.import",
            "catalog.export",
            "knowledge.edit",
            "ratings.import",
            "aftersales.view",
            "aftersales.report",
        }
        | _RATING_READERS
    ),
    "analyst": frozenset(
        _EVERYONE
        | _RATING_READERS
        | {"catalog.export", "orders.view", "orders.export", "aftersales.view", "aftersales.report"}
    ),
    "editor": frozenset(_EVERYONE | {"knowledge.edit"}),
    "manager": frozenset(
        _EVERYONE
        | {
            "audit.view",
            "pii.reveal",
            "pii.export",
            "catalog.edit",
            "catalog.price",
            "catalog.stock",
            "catalog.listing",
            "catalog.import",
            "catalog.export",
            "catalog.warehouse",
            "knowledge.edit",
            "ratings.import",
            "aftersales.settings",
        }
        | _ORDER_DESK
        | _AFTERSALES_DESK
        | _RATING_READERS
        | _SERVICE_LEAD
    ),
    "gm": frozenset(
        _EVERYONE
        | _RATING_READERS
        | {"audit.view", "pii.reveal", "pii.export", "catalog.export", "orders.view", "orders.export"}
        | {"aftersales.view", "aftersales.report", "service.view"}
    ),
    "admin": frozenset(
        _EVERYONE
        | {"audit.view", "staff.manage", "store.manage", "store.credentials", "catalog.warehouse"}
        | {"aftersales.settings"}
    ),
}

# The largest price adjustment (in CNY, up or down, per order) each role with
# ``orders.price_adjust`` may make; a role missing here may make none.
ORDER_PRICE_ADJUST_LIMITS: dict[str, Decimal] = {
    "order_clerk": Decimal("50.00"),
    "manager": Decimal("500.00"),
}

# Roles whose members see every store; everyone else sees only the stores assigned to them.
ALL_STORE_ROLES: frozenset[str] = frozenset({"analyst", "manager", "gm", "admin"})


def role_has(role: str, code: str) -> bool:
    """Whether ``role`` is granted ``code``; unknown roles and codes are denied."""
    return code in ROLE_PERMISSIONS.get(role, frozenset())


def roles_with(code: str) -> list[str]:
    return [role for role, codes in ROLE_PERMISSIONS.items() if code in codes]
