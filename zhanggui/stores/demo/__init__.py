"""Demo stores: 暖木, a Hangzhou women's apparel and home-textile brand, on every platform.

Upserts by store code, so a rerun changes nothing; puts ``{platform: Store}`` into
``ctx.made["stores"]``.
"""

from __future__ import annotations

from typing import Any

from ..models import Platform, Store, StoreCredential

# code, name, platform, currency, time zone, contact person, contact phone
STORES = [
    ("nm-tmall", "暖木天猫旗舰店", Platform.TMALL, "CNY", "Asia/Shanghai", "林晓雯", "13857101201"),
    ("nm-taobao", "暖木淘宝店", Platform.TAOBAO, "CNY", "Asia/Shanghai", "林晓雯", "13857101201"),
    ("nm-jd", "暖木京东自营旗舰店", Platform.JD, "CNY", "Asia/Shanghai", "何嘉", "13957102318"),
    ("nm-pdd", "暖木拼多多店", Platform.PDD, "CNY", "Asia/Shanghai", "蒋涛", "15867103426"),
    ("nm-douyin", "暖木抖音小店", Platform.DOUYIN, "CNY", "Asia/Shanghai", "许诺", "18657104537"),
    ("nm-own", "暖木官方商城", Platform.OWN, "CNY", "Asia/Shanghai", "吴倩", "13757105648"),
    ("nm-hk", "暖木海外旗舰店", Platform.CROSS_BORDER, "HKD", "Asia/Hong_Kong", "陈慧珊", "+852 9123 6759"),
]

# Roles that see only their assigned stores → the platforms they work on.
ASSIGNMENTS = {
    "cs_agent": ["tmall", "taobao"],
    "cs_lead": ["tmall", "taobao", "jd"],
    "order_clerk": ["tmall", "taobao", "jd", "pdd"],
    "aftersales": ["tmall", "taobao"],
    "operator": ["tmall", "taobao", "douyin"],
    "editor": ["own"],
}


def build(ctx: Any) -> None:
    stores: dict[str, Store] = {}
    for code, name, platform, currency, time_zone, contact_name, contact_phone in STORES:
        # Drawn on every run, whether or not the store exists, so later builders see the same rng.
        app_key = f"demo-{platform}-{ctx.rng.getrandbits(40):010x}"
        app_secret = f"demo-secret-{ctx.rng.getrandbits(128):032x}"
        webhook_secret = f"demo-whsec-{ctx.rng.getrandbits(128):032x}"
        store, _created = Store.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "platform": platform,
                "currency": currency,
                "time_zone": time_zone,
                "contact_name": contact_name,
                "contact_phone": contact_phone,
            },
        )
        # Created once only: the ciphertext differs on every encryption, so no update on rerun.
        StoreCredential.objects.get_or_create(
            store=store,
            defaults={"app_key": app_key, "app_secret": app_secret, "webhook_secret": webhook_secret},
        )
        stores[str(platform)] = store
    for role, platforms in ASSIGNMENTS.items():
        member = ctx.made["staff"][role]
        for platform in platforms:
            stores[platform].staff.add(member)
    ctx.made["stores"] = stores
    ctx.log.append(f"stores: {len(stores)}")
