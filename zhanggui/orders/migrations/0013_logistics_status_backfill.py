"""The logistics status of the tracking events already stored, and of their shipments and orders.

The keyword rule is a frozen copy of ``orders.states.logistics_status_of`` as it was when this
migration was written (a migration never imports app code). Backwards there is nothing to undo:
0012's reversal drops the fields.
"""

import re
from collections import defaultdict

from django.db import migrations

CHUNK = 2000
WORDS = {
    **{code: code for code in ("collected", "in_transit", "out_for_delivery", "signed", "exception")},
    **{word: "collected" for word in ("揽收", "已揽收", "揽件", "已揽件", "收件", "已收件", "收寄", "已收寄")},
    **{word: "in_transit" for word in ("运输中", "在途", "发件", "到件", "中转", "转运中")},
    **{word: "out_for_delivery" for word in ("派送中", "派送", "派件", "派件中", "配送中")},
    **{word: "signed" for word in ("签收", "已签收", "妥投", "已妥投", "代收", "已代收")},
    **{word: "exception" for word in ("异常", "问题件", "疑难件", "退回", "拒收", "滞留")},
}
KEYWORDS = (
    (
        "exception",
        re.compile(
            r"异常|问题件|疑难|退回|退件|拒收|拒签|滞留|派送失败|派送不成功|无法派送|投递失败|破损|丢失|遗失|延误"
        ),
    ),
    ("signed", re.compile(r"(?<![待等])签收|代收|妥投|已放入|已存放|取件码|待取件")),
    ("out_for_delivery", re.compile(r"派送|派件|投递|配送员|开始配送|正在配送|正在为您配送")),
    ("collected", re.compile(r"揽收|揽件|已收件|收取快件|已收取|收寄")),
    ("in_transit", re.compile(r"运输|在途|到达|已到|发往|发出|发车|离开|中转|转运|分拣|装车|航班|干线")),
)
PROGRESS = {"collected": 0, "in_transit": 1, "out_for_delivery": 2, "signed": 3}


def status_of(text):
    text = "".join(text.split())
    if text.lower() in WORDS:
        return WORDS[text.lower()]
    for status, pattern in KEYWORDS:
        if pattern.search(text):
            return status
    return ""


def rolled_up(statuses):
    known = [status for status in statuses if status]
    if not known:
        return ""
    return "exception" if "exception" in known else min(known, key=PROGRESS.__getitem__)


def _update_by_value(model, field, values):
    """``values``: pk → value; one UPDATE per value and chunk of primary keys."""
    by_value = defaultdict(list)
    for pk, value in values.items():
        if value:
            by_value[value].append(pk)
    for value, pks in by_value.items():
        for start in range(0, len(pks), CHUNK):
            model.objects.filter(pk__in=pks[start : start + CHUNK]).update(**{field: value})


def forwards(apps, schema_editor):
    tracking_event = apps.get_model("orders", "TrackingEvent")
    shipment = apps.get_model("orders", "Shipment")
    order = apps.get_model("orders", "Order")
    events = tracking_event.objects.order_by("shipment_id", "at", "pk").values_list("pk", "shipment_id", "description")
    statuses, latest = {}, {}
    for pk, shipment_id, description in events.iterator(chunk_size=CHUNK):
        if status := status_of(description):
            statuses[pk] = status
            latest[shipment_id] = status  # events come oldest first: the last one with a status wins
    _update_by_value(tracking_event, "status", statuses)
    _update_by_value(shipment, "logistics_status", latest)
    parcels = defaultdict(list)
    for shipment_id, order_id in shipment.objects.values_list("pk", "order_id").iterator(chunk_size=CHUNK):
        if shipment_id in latest:
            parcels[order_id].append(latest[shipment_id])
    _update_by_value(order, "logistics_status", {order_id: rolled_up(found) for order_id, found in parcels.items()})


class Migration(migrations.Migration):
    dependencies = [("orders", "0012_logistics_status")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
