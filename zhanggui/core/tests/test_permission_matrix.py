"""Every console URL and API route, visited as every role, answers as the policy table says.

Routes are discovered from the URL resolver and the API routers; the permission comes from the
route itself (``permission`` / ``@permission_required`` / ``@api_permission``). A route without
one, or with a code missing from the policy table, fails; so does a parameterised route missing
from ``SAMPLES``. The console walk is one test per role, so parallel runs spread it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zhanggui.core import policy
from zhanggui.core.models import ImportJob, SavedFilter
from zhanggui.core.permissions import has_perm
from zhanggui.testing import factories as f

from .routes import api_routes, console_routes

KNOWN = set(policy.PERMISSIONS) | {policy.PUBLIC, policy.AUTHENTICATED}


@pytest.fixture
def world(db, store, staff_by_role) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One of everything, in the store every role's staff member is assigned to."""
    product = f.ProductFactory()
    f.ListingFactory(product=product, store=store)
    sku = f.SkuFactory(product=product)
    stock = f.StockFactory(sku=sku)
    from zhanggui.catalog.models import KnowledgeEntry, Listing

    knowledge = KnowledgeEntry.objects.create(product=product, kind="faq", title="可以机洗吗", body="可以")
    team = f.TeamFactory()
    target = f.StaffFactory(role="cs_agent", stores=[store])
    job = ImportJob.objects.create(
        kind="catalog.products",
        file="imports/x.csv",
        original_name="x.csv",
        file_sha256="0" * 64,
        created_by=staff_by_role["operator"],
    )
    from zhanggui.orders.models import BlacklistEntry, StoreRating
    from zhanggui.orders.services import OrderData, OrderLineData, order_upsert

    order, _outcome = order_upsert(
        by=None,
        store=store,
        data=OrderData(
            platform_order_id="T-MATRIX-1",
            buyer_nickname="tb_matrix",
            created_at=timezone.now(),
            status="paid",
            lines=[OrderLineData(title="T恤", unit_price=sku.list_price, quantity=1, merchant_code=sku.merchant_code)],
        ),
    )
    order_job = ImportJob.objects.create(
        kind="orders.taobao",
        file="imports/o.csv",
        original_name="o.csv",
        file_sha256="0" * 64,
        created_by=staff_by_role["order_clerk"],
        store=store,
    )
    return {
        "order": order,
        "order_job": order_job,
        "blacklist_entry": BlacklistEntry.objects.create(
            store=store, nickname="tb_bad", reason="x", created_by=staff_by_role["admin"]
        ),
        "rating": StoreRating.objects.create(
            store=store, platform_rating_id="R1", rating=1, rated_at=order.created_at, order=order
        ),
        "store": store,
        "product": product,
        "listing": Listing.objects.get(product=product, store=store),
        "sku": sku,
        "stock": stock,
        "warehouse": stock.warehouse,
        "category": product.category,
        "knowledge": knowledge,
        "team": team,
        "target": target,
        "job": job,
        "saved_filter": SavedFilter.objects.create(owner=staff_by_role["admin"], list_key="x", name="x", query=""),
    }


def _aftersales_case(w: dict[str, Any]) -> Any:
    """The world's after-sales case (a refund of its unshipped order), made the first time a route needs it."""
    if "case" not in w:
        from zhanggui.aftersales.models import Reason
        from zhanggui.aftersales.services import CaseLineInput, case_create

        order = w["order"]
        w["case"] = case_create(
            by=None,
            order=order,
            type="refund_only",
            reason=Reason.objects.get(code="size"),
            lines=[CaseLineInput(order_line_id=order.lines.first().pk, quantity=1)],
        )
    return w["case"]


# URL name / API operation name → path parameters built from the world.
SAMPLES: dict[str, Any] = {
    "core:saved_filter_delete": lambda w: {"pk": w["saved_filter"].pk},
    "core:reveal": lambda w: {"model": "stores.store", "pk": w["store"].pk, "field": "contact_phone"},
    "core:import_progress": lambda w: {"pk": w["job"].pk},
    "accounts:token_revoke": lambda w: {"pk": 999999},
    "token_revoke": lambda w: {"token_id": 999999},
    "import_job_detail": lambda w: {"job_id": w["job"].pk},
    "import_job_rejects_download": lambda w: {"job_id": w["job"].pk},
    "catalog:import_rejects": lambda w: {"pk": w["job"].pk},
    "catalog:import_preview": lambda w: {"pk": w["job"].pk},
    "catalog:import_confirm": lambda w: {"pk": w["job"].pk},
    "catalog:import_retry": lambda w: {"pk": w["job"].pk},
    "product_import_detail": lambda w: {"job_id": w["job"].pk},
    "product_import_confirm": lambda w: {"job_id": w["job"].pk},
    "product_import_retry": lambda w: {"job_id": w["job"].pk},
    # stores and staff management
    "stores:store_detail": lambda w: {"pk": w["store"].pk},
    "stores:store_edit": lambda w: {"pk": w["store"].pk},
    "accounts:store_staff": lambda w: {"pk": w["store"].pk},
    "stores:store_credentials": lambda w: {"pk": w["store"].pk},
    "accounts:staff_edit": lambda w: {"pk": w["target"].pk},
    "accounts:staff_password": lambda w: {"pk": w["target"].pk},
    "store_get": lambda w: {"store_id": w["store"].pk},
    "store_update": lambda w: {"store_id": w["store"].pk},
    "store_staff_assign": lambda w: {"store_id": w["store"].pk},
    "store_credential_view": lambda w: {"store_id": w["store"].pk},
    "store_credential_update": lambda w: {"store_id": w["store"].pk},
    "store_webhook_secret_retire_previous": lambda w: {"store_id": w["store"].pk},
    "staff_get": lambda w: {"staff_id": w["target"].pk},
    "staff_update": lambda w: {"staff_id": w["target"].pk},
    "staff_password_set": lambda w: {"staff_id": w["target"].pk},
    # catalog
    "catalog:product_detail": lambda w: {"pk": w["product"].pk},
    "catalog:product_edit": lambda w: {"pk": w["product"].pk},
    "catalog:listing_status": lambda w: {"pk": w["product"].pk},
    "catalog:sku_create": lambda w: {"pk": w["product"].pk},
    "catalog:sku_edit": lambda w: {"pk": w["sku"].pk},
    "catalog:sku_price": lambda w: {"pk": w["sku"].pk},
    "catalog:sku_price_floor": lambda w: {"pk": w["sku"].pk},
    "catalog:stock_adjust": lambda w: {"pk": w["sku"].pk},
    "catalog:warehouse_edit": lambda w: {"pk": w["warehouse"].pk},
    "catalog:category_edit": lambda w: {"pk": w["category"].pk},
    "catalog:knowledge_edit": lambda w: {"pk": w["knowledge"].pk},
    "catalog:knowledge_delete": lambda w: {"pk": w["knowledge"].pk},
    # pictures: the product's upload form; actions on a picture that does not exist (404 once allowed)
    "catalog:product_image_upload": lambda w: {"pk": w["product"].pk},
    **{
        f"catalog:{name}": lambda w: {"pk": 999999}
        for name in ("product_image_move", "product_image_remove", "product_image_skus")
    },
    "category_update": lambda w: {"category_id": w["category"].pk},
    "product_get": lambda w: {"product_id": w["product"].pk},
    "product_update": lambda w: {"product_id": w["product"].pk},
    "sku_get": lambda w: {"sku_id": w["sku"].pk},
    "sku_update": lambda w: {"sku_id": w["sku"].pk},
    "sku_price_change": lambda w: {"sku_id": w["sku"].pk},
    "sku_price_floor_change": lambda w: {"sku_id": w["sku"].pk},
    "listing_status_change": lambda w: {"listing_id": w["listing"].pk},
    "warehouse_update": lambda w: {"warehouse_id": w["warehouse"].pk},
    "knowledge_get": lambda w: {"entry_id": w["knowledge"].pk},
    "knowledge_update": lambda w: {"entry_id": w["knowledge"].pk},
    "knowledge_delete": lambda w: {"entry_id": w["knowledge"].pk},
    **{name: lambda w: {"product_id": w["product"].pk} for name in ("product_image_list", "product_image_add")},
    **{
        name: lambda w: {"image_id": 999999}
        for name in ("product_image_move", "product_image_set_main", "product_image_assign", "product_image_remove")
    },
    # orders: world["order"], world["order_job"], world["blacklist_entry"], world["rating"]
    # orders: blacklist, order rules per store, anomalies
    "orders:blacklist_remove": lambda w: {"pk": w["blacklist_entry"].pk},
    "orders:settings_edit": lambda w: {"pk": w["store"].pk},
    "blacklist_entry_remove": lambda w: {"entry_id": w["blacklist_entry"].pk},
    "order_settings_get": lambda w: {"store_id": w["store"].pk},
    "order_settings_update": lambda w: {"store_id": w["store"].pk},
    "anomaly_resolve": lambda w: {"order_id": w["order"].pk, "code": "manual_price_change"},
    # orders console: the order page, its actions and edits
    **{
        f"orders:{name}": lambda w: {"pk": w["order"].pk}
        for name in (
            "order_detail",
            "order_approve",
            "order_hold",
            "order_cancel",
            "order_ship",
            "order_deliver",
            "order_anomaly_resolve",
            "order_address_edit",
            "order_shipping_fee_edit",
            "order_price_adjust",
            "order_memo_edit",
        )
    },
    "orders:order_line_sku_edit": lambda w: {"pk": w["order"].pk, "line_id": w["order"].lines.first().pk},
    # orders API: one order's reads, review, edits and shipping
    **{
        name: lambda w: {"order_id": w["order"].pk}
        for name in (
            "order_get",
            "order_timeline",
            "order_approve",
            "order_hold",
            "order_cancel",
            "order_address_change",
            "order_shipping_fee_change",
            "order_price_adjust",
            "order_line_sku_change",
            "order_memo_set",
            "order_ship",
            "order_deliver",
        )
    },
    "order_upsert": lambda w: {"store_id": w["store"].pk, "platform_order_id": "T-MATRIX-2"},
    "shipment_tracking_add": lambda w: {"order_id": w["order"].pk, "shipment_id": 999999},
    # orders: the signed webhook (public) and the rating file import (another kind's job: 404)
    "webhook_receive": lambda w: {"store_code": w["store"].code},
    **{
        f"orders:{name}": lambda w: {"pk": w["order_job"].pk}
        for name in ("rating_import_preview", "rating_import_confirm", "rating_import_retry", "rating_import_rejects")
    },
    **{
        name: lambda w: {"job_id": w["order_job"].pk}
        for name in ("rating_import_detail", "rating_import_confirm", "rating_import_retry")
    },
    # orders: the tracking file import (another kind's job: 404)
    **{
        f"orders:{name}": lambda w: {"pk": w["order_job"].pk}
        for name in (
            "tracking_import_preview",
            "tracking_import_confirm",
            "tracking_import_retry",
            "tracking_import_rejects",
        )
    },
    **{
        name: lambda w: {"job_id": w["order_job"].pk}
        for name in ("tracking_import_detail", "tracking_import_confirm", "tracking_import_retry")
    },
    # orders imports: the order clerk's Taobao job, the store's column mapping
    **{
        f"orders:{name}": lambda w: {"pk": w["order_job"].pk}
        for name in ("import_preview", "import_confirm", "import_retry", "import_rejects")
    },
    **{
        name: lambda w: {"job_id": w["order_job"].pk}
        for name in ("order_import_detail", "order_import_confirm", "order_import_retry")
    },
    **{
        name: lambda w: {"store_id": w["store"].pk} for name in ("order_import_mapping_get", "order_import_mapping_put")
    },
    # after-sales API: one case and its steps (no such case: 404 once allowed), an order's money
    **{
        name: lambda w: {"case_id": 999999}
        for name in (
            "case_get",
            "case_review",
            "case_assign",
            "case_approve",
            "case_reject",
            "case_return_shipment",
            "case_receive",
            "case_inspect",
            "case_restock",
            "case_replace",
            "case_repair_send",
            "case_repair_return",
            "case_close",
            "case_refund",
        )
    },
    "order_refundable": lambda w: {"order_id": w["order"].pk},
    # after-sales console: the case page and its actions
    **{
        f"aftersales:case_{name}": lambda w: {"pk": _aftersales_case(w).pk}
        for name in (
            "detail",
            "review",
            "assign",
            "approve",
            "reject",
            "return_ship",
            "receive",
            "inspect",
            "restock",
            "refund",
            "replace",
            "repair_send",
            "repair_return",
            "close",
        )
    },
    # after-sales imports and refund webhooks: another kind's job (404), the store
    **{
        f"aftersales:{name}": lambda w: {"pk": w["order_job"].pk}
        for name in ("import_preview", "import_confirm", "import_retry", "import_rejects")
    },
    **{
        name: lambda w: {"job_id": w["order_job"].pk}
        for name in ("case_import_detail", "case_import_confirm", "case_import_retry")
    },
    "case_import_mapping_get": lambda w: {"store_id": w["store"].pk},
    "aftersales_webhook_receive": lambda w: {"store_code": w["store"].code},
    # as-feedback: after-sales evidence, guidance, reasons, rules, return-rate flags (a missing case,
    # photo or flag answers 404 to those allowed)
    "aftersales:evidence_file": lambda w: {"pk": 999999},
    **{f"aftersales:{name}": lambda w: {"pk": _aftersales_case(w).pk} for name in ("case_evidence", "case_guidance")},
    "aftersales:flag_acknowledge": lambda w: {"pk": 999999},
    "aftersales:reason_edit": lambda w: {"pk": _reason_id("quality")},
    "aftersales:settings_edit": lambda w: {"pk": w["store"].pk},
    "evidence_file": lambda w: {"evidence_id": 999999},
    "evidence_list": lambda w: {"case_id": _aftersales_case(w).pk},
    **{name: lambda w: {"case_id": _aftersales_case(w).pk} for name in ("guidance_get", "guidance_send")},
    "reason_update": lambda w: {"reason_id": _reason_id("quality")},
    **{name: lambda w: {"store_id": w["store"].pk} for name in ("settings_get", "settings_update")},
    "flag_acknowledge": lambda w: {"flag_id": 999999},
    # --- customer service: history, transcript, canned replies, the conversations API (svc-data) ---
    **{
        f"service:{name}": lambda w: {"pk": 999999}
        for name in ("conversation_detail", "canned_edit", "canned_delete", "canned_used")
    },
    **{
        name: lambda w: {"conversation_id": 999999}
        for name in (
            "conversation_detail",
            "conversation_messages",
            "conversation_others",
            "conversation_reply",
            "conversation_note",
            "conversation_resolve",
            "conversation_reopen",
            "conversation_contact_tags",
            "conversation_contact_note",
        )
    },
    # customer-service assignment: groups, settings, agents, who holds a conversation (a missing
    # conversation answers 404 to those allowed)
    "service:group_edit": lambda w: {"pk": _service_group(w).pk},
    "service:settings_edit": lambda w: {"pk": w["store"].pk},
    "service:agent_edit": lambda w: {"pk": w["target"].pk},
    **{name: lambda w: {"group_id": _service_group(w).pk} for name in ("group_get_one", "group_update_patch")},
    **{name: lambda w: {"store_id": w["store"].pk} for name in ("service_settings_get", "service_settings_patch")},
    **{name: lambda w: {"staff_id": w["target"].pk} for name in ("agent_status_put", "agent_capacity_put")},
    **{
        name: lambda w: {"conversation_id": 999999}
        for name in ("conversation_assign_post", "conversation_transfer_post", "conversation_unassign_post")
    },
    # service channels: the public chat widget, message images, follow-ups, signed webhooks
    **{f"chat:{name}": lambda w: {"store_code": w["store"].code} for name in ("page", "messages")},
    "chat:image": lambda w: {"store_code": w["store"].code, "pk": 999999},
    **{f"service:{name}": lambda w: {"pk": 999999} for name in ("message_image", "followup_done")},
    **{
        name: lambda w: {"store_code": w["store"].code}
        for name in ("service_chat_webhook_receive", "service_email_webhook_receive")
    },
    **{name: lambda w: {"followup_id": 999999} for name in ("service_followup_done", "service_followup_cancel")},
}


def _service_group(w: dict[str, Any]) -> Any:
    """The world's pre-sale service group, made the first time a route needs it."""
    if "service_group" not in w:
        from zhanggui.service.models import ServiceGroup

        w["service_group"] = ServiceGroup.objects.create(store=w["store"], kind="presale", name="售前组")
    return w["service_group"]


def _reason_id(code: str) -> int:
    from zhanggui.aftersales.models import Reason

    return Reason.objects.get(code=code).pk


def _fill(pattern: str, kwargs: dict[str, Any]) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), pattern)
    return "/" + path


def _api_fill(path: str, kwargs: dict[str, Any]) -> str:
    return re.sub(r"\{(?:\w+:)?(\w+)\}", lambda m: str(kwargs[m.group(1)]), path)


def test_every_route_declares_a_known_permission():
    # given every console and API route
    routes = [(r.name or r.pattern, r.permission) for r in console_routes()]
    routes += [(f"{r.method} {r.path}", r.permission) for r in api_routes()]
    # then each declares a permission the policy table knows
    undeclared = [name for name, code in routes if code is None]
    unknown = [f"{name}: {code}" for name, code in routes if code is not None and code not in KNOWN]
    assert undeclared == []
    assert unknown == []


def test_every_permission_is_granted_to_some_role():
    granted = set().union(*policy.ROLE_PERMISSIONS.values())
    assert sorted(set(policy.PERMISSIONS) - granted) == []
    assert sorted(granted - set(policy.PERMISSIONS)) == []


def test_every_parameterised_route_has_a_sample():
    missing = [r.name for r in console_routes() if r.params and r.name not in SAMPLES]
    missing += sorted({r.name for r in api_routes() if r.params and r.name not in SAMPLES})
    assert missing == [], "add these routes to SAMPLES"


@pytest.mark.slow
@pytest.mark.parametrize("role", policy.ROLES)
def test_console_routes_answer_by_role(world, staff_by_role, role):
    # given every console route and a signed-in staff member of the role
    staff = staff_by_role[role]
    failures = []
    for route in console_routes():
        url = _fill(route.pattern, SAMPLES[route.name](world) if route.params else {})
        method = "get" if "get" in route.methods else "post"
        client = Client()
        client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
        # when the role opens (or posts to) the route
        response = getattr(client, method)(url)
        # then it is refused exactly when the policy table denies it
        allowed = has_perm(staff, route.permission or "")
        if allowed and (response.status_code in (401, 403) or response.status_code >= 500):
            failures.append(f"{role} {method.upper()} {url} → {response.status_code} (allowed)")
        if not allowed and response.status_code != 403:
            failures.append(f"{role} {method.upper()} {url} → {response.status_code} (denied)")
    assert failures == []


def test_console_routes_send_anonymous_visitors_to_login(world):
    failures = []
    for route in console_routes():
        if route.permission == policy.PUBLIC:
            continue
        url = _fill(route.pattern, SAMPLES[route.name](world) if route.params else {})
        response = Client().get(url)
        if response.status_code != 302 or "/accounts/login/" not in response["Location"]:
            failures.append(f"{url} → {response.status_code}")
    assert failures == []


@pytest.mark.slow
def test_api_routes_answer_by_role(world, staff_by_role, api_client_for):
    # given every API route and an API token for every role
    clients = {role: api_client_for(staff) for role, staff in staff_by_role.items()}
    failures = []
    for route in api_routes():
        if route.permission == policy.PUBLIC:
            continue
        path = _api_fill(route.path, SAMPLES[route.name](world) if route.params else {})
        for role, staff in staff_by_role.items():
            # when the role calls the route (with an empty body: permission is checked first)
            response = clients[role].generic(route.method, path, "{}", content_type="application/json")
            # then it is refused exactly when the policy table denies it
            allowed = has_perm(staff, route.permission or "")
            if allowed and (response.status_code in (401, 403) or response.status_code >= 500):
                failures.append(f"{role} {route.method} {path} → {response.status_code} (allowed)")
            if not allowed and response.status_code != 403:
                failures.append(f"{role} {route.method} {path} → {response.status_code} (denied)")
            if not allowed and response.status_code == 403:
                assert response.json()["code"] == "forbidden"
        anonymous = Client().generic(route.method, path, "{}", content_type="application/json")
        if anonymous.status_code != 401:
            failures.append(f"anonymous {route.method} {path} → {anonymous.status_code}")
    assert failures == []
