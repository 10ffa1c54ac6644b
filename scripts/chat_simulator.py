#!/usr/bin/env python3
"""Replay a realistic day of platform chats to a running Zhanggui's signed service webhook.

Dozens of buyers on Taobao/Tmall (千牛), JD (咚咚), Pinduoduo and Douyin ask pre-sale, in-sale and
after-sale questions through the day; some send a product card, an order card or a picture link,
some name real order numbers (``--orders`` or ``--orders-from-db``). Every call is signed like a
platform's (``X-Zhanggui-Timestamp``, ``X-Zhanggui-Delivery``, ``X-Zhanggui-Signature``) and follows
the contract of docs/service-channels.md. Standard library only, except ``--orders-from-db``.

    scripts/chat_simulator.py --url http://127.0.0.1:8000 --store demo-tmall --secret whsec-… --speed 600
    scripts/chat_simulator.py --store demo-tmall --dry-run --day 2026-12-07 | head

``--speed`` is how many times faster than real time the day is played (0: as fast as possible);
times sent are the real time of sending (the webhook refuses stale signatures), the planned
time of day is in each message's ``sent_at`` only with ``--dry-run``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import hmac
import json
import os
import random
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

PLATFORMS = ("taobao", "tmall", "jd", "pdd", "douyin")
BEIJING = dt.timezone(dt.timedelta(hours=8))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
HANDLES = ("小鱼", "糖糖", "阿杰", "晴天", "大白", "豆豆", "木子", "Lily", "Kevin", "果果", "小七", "安安")

# (stage, opening question, follow-ups); product and order cards are added by the script.
SCRIPTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("presale", "在吗？这件T恤有L码吗", ("身高175体重70kg穿什么码", "好的，那我拍L")),
    ("presale", "这款是纯棉的吗", ("会不会缩水", "洗了会掉色吗")),
    ("presale", "现在下单有优惠券吗", ("满减活动到什么时候",)),
    ("presale", "两件一起买能便宜点吗", ("那包邮吗",)),
    ("presale", "这个颜色和图片一样吗", ("有没有实拍图",)),
    ("insale", "我的订单什么时候发货", ("能今天发吗，急用",)),
    ("insale", "快递到哪了，三天没动了", ("能帮我催一下吗",)),
    ("insale", "我想改一下收货地址", ("改成上海市浦东新区世纪大道100号",)),
    ("insale", "可以开发票吗", ("抬头是公司名，税号稍后发您",)),
    ("aftersale", "收到的衣服有个洞，要退货", ("我拍了照片", "怎么寄回去")),
    ("aftersale", "尺码偏小，想换大一码", ("换货运费谁出",)),
    ("aftersale", "退款什么时候到账", ("已经寄回三天了",)),
    ("aftersale", "质量太差了，我要投诉", ("再不处理就差评", "12315见")),
)


@dataclass(frozen=True)
class Planned:
    at: dt.datetime
    payload: dict[str, Any]


def _buyers(rng: random.Random, count: int) -> list[dict[str, str]]:
    buyers = []
    for n in range(count):
        nickname = rng.choice(SURNAMES) + rng.choice(HANDLES) + str(rng.randint(1, 999))
        buyer = {"id": f"buyer_{n:03d}_{rng.randint(1000, 9999)}", "nickname": nickname}
        if rng.random() < 0.15:
            buyer["phone"] = "13" + "".join(str(rng.randint(0, 9)) for _ in range(9))
        buyers.append(buyer)
    return buyers


def _event(platform: str, thread: str, sender: dict[str, str], at: dt.datetime, **fields: Any) -> dict[str, Any]:
    return {
        "event": "message.created",
        "platform": platform,
        "thread_id": thread,
        "message_id": "",  # numbered once the day is planned
        "sender": sender,
        "sent_at": at.isoformat(),
        "type": "text",
        "text": "",
        **fields,
    }


def plan_day(day: dt.date, *, buyers: int, orders: list[str], seed: int) -> list[Planned]:
    """Every message of the day, in time order: each buyer opens at a busy hour and writes a few
    messages a minute or two apart."""
    rng = random.Random(seed)  # noqa: S311 - a rehearsal's data, not a secret
    planned: list[Planned] = []
    busy_hours = (9, 10, 10, 11, 13, 14, 15, 16, 20, 21, 21, 22)
    for sender in _buyers(rng, buyers):
        platform = rng.choice(PLATFORMS)
        stage, opening, follow_ups = rng.choice(SCRIPTS)
        start = dt.datetime.combine(day, dt.time(rng.choice(busy_hours), rng.randint(0, 59)), BEIJING)
        thread = f"{platform}-thread-{rng.getrandbits(40):010x}"
        at = start
        if stage == "presale" and rng.random() < 0.4:
            product = {"outer_id": rng.choice(("TEE-BLK-L", "TEE-WHT-M", "HOODIE-GRY-XL")), "title": "纯棉短袖T恤"}
            planned.append(Planned(at, _event(platform, thread, sender, at, type="product", product=product)))
            at += dt.timedelta(seconds=rng.randint(5, 40))
        if stage != "presale" and orders and rng.random() < 0.7:
            number = rng.choice(orders)
            planned.append(Planned(at, _event(platform, thread, sender, at, type="order", order={"number": number})))
            at += dt.timedelta(seconds=rng.randint(5, 40))
        planned.append(Planned(at, _event(platform, thread, sender, at, text=opening)))
        for text in follow_ups[: rng.randint(0, len(follow_ups))]:
            at += dt.timedelta(seconds=rng.randint(30, 240))
            planned.append(Planned(at, _event(platform, thread, sender, at, text=text)))
        if stage == "aftersale" and rng.random() < 0.3:
            at += dt.timedelta(seconds=rng.randint(20, 90))
            url = f"https://img.example.com/{rng.getrandbits(48):012x}.jpg"
            planned.append(Planned(at, _event(platform, thread, sender, at, type="image", image_url=url)))
    planned.sort(key=lambda p: p.at)
    # The same day and seed give the same message ids: replaying a day stores nothing twice.
    for n, item in enumerate(planned):
        item.payload["message_id"] = f"sim-{day:%Y%m%d}-{seed}-{n:05d}"
    return planned


def signed_headers(secret: str, body: bytes, delivery: str) -> dict[str, str]:
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Zhanggui-Timestamp": timestamp,
        "X-Zhanggui-Delivery": delivery,
        "X-Zhanggui-Signature": f"sha256={digest}",
    }


def send(url: str, secret: str, payload: dict[str, Any]) -> tuple[int, str]:
    payload = {**payload, "sent_at": dt.datetime.now(BEIJING).isoformat()}  # the planned hour is only the pace
    body = json.dumps(payload, ensure_ascii=False).encode()
    headers = signed_headers(secret, body, f"sim-{uuid.uuid4().hex}")
    if not url.startswith(("http://", "https://")):
        raise SystemExit("--url must be http:// or https://")
    request = urllib.request.Request(url, body, headers, method="POST")  # noqa: S310 - checked just above
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the URL is the operator's
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def orders_from_db(store_code: str, limit: int = 50) -> list[str]:
    """Order numbers of the store from the configured database (run from the project's directory)."""
    sys.path.insert(0, os.getcwd())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanggui.settings.dev")
    import django

    django.setup()
    from zhanggui.orders.models import Order

    numbers = Order.objects.filter(store__code=store_code).order_by("-created_at").values_list("platform_order_id")
    return [number for (number,) in numbers[:limit]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the server's base URL")
    parser.add_argument("--store", required=True, help="the store's code")
    parser.add_argument("--secret", default=os.environ.get("ZHANGGUI_WEBHOOK_SECRET", ""), help="its webhook secret")
    parser.add_argument("--speed", type=float, default=0, help="times faster than real time (0: no waiting)")
    parser.add_argument("--day", type=dt.date.fromisoformat, default=dt.date.today(), help="YYYY-MM-DD")
    parser.add_argument("--buyers", type=int, default=48, help="how many buyers write that day")
    parser.add_argument("--seed", type=int, default=10, help="the same seed plays the same day")
    parser.add_argument("--orders", default="", help="order numbers buyers may name, comma-separated")
    parser.add_argument("--orders-from-db", action="store_true", help="read the store's order numbers (Django)")
    parser.add_argument("--dry-run", action="store_true", help="print the JSON events instead of sending them")
    args = parser.parse_args(argv)
    orders = [number.strip() for number in args.orders.split(",") if number.strip()]
    if args.orders_from_db:
        orders += orders_from_db(args.store)
    planned = plan_day(args.day, buyers=args.buyers, orders=orders, seed=args.seed)
    if args.dry_run:
        for item in planned:
            print(json.dumps(item.payload, ensure_ascii=False))
        return 0
    if not args.secret:
        parser.error("--secret (or ZHANGGUI_WEBHOOK_SECRET) is needed to sign the calls")
    url = f"{args.url.rstrip('/')}/api/v1/service/webhooks/{args.store}"
    failures = 0
    previous = planned[0].at if planned else None
    for item in planned:
        if args.speed > 0 and previous is not None:
            time.sleep(max((item.at - previous).total_seconds() / args.speed, 0))
        previous = item.at
        status, answer = send(url, args.secret, item.payload)
        failures += status != 200
        sender = item.payload["sender"]["nickname"]
        print(f"{item.at:%H:%M:%S} {item.payload['platform']:<7} {sender:<12} {status} {answer[:100]}")
    print(f"{len(planned)} messages sent, {failures} refused", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
