"""Benchmark: 16 clients create paid orders of ONE hot SKU through the API, on the production layout.

    .venv/bin/python bench/order_create.py                       # 20 s each, 3,000 units of the hot SKU
    .venv/bin/python bench/order_create.py --quick               # 5 s each, 500 units
    .venv/bin/python bench/order_create.py --seconds 10 --stock 1000 --keep

In a database of its own (``zhanggui_bench_create`` on ``--server``, created and dropped here): migrate,
one store, an order clerk of it with an API token, a product with the hot SKU (``--stock`` units in
one warehouse) and a warm-up SKU. The app runs as in production: ``deploy/serve.py`` (nginx on
127.0.0.1:18280 → gunicorn with 2 × cores + 1 sync workers, uvicorn, one Huey consumer) with
``zhanggui.settings.production`` and Redis database 8. Then, in this order:

1. warm-up: wrk creates orders of the warm-up SKU for a few seconds (every worker loads the app);
2. queries per order: 20 orders of the warm-up SKU created in-process through Django's test client
   (the same URL, token and middlewares) under ``CaptureQueriesContext``: every SQL statement Django
   sends, savepoints included (not BEGIN/COMMIT, which psycopg sends itself, nor the connection's
   ``SELECT 1`` health check); the server's own count is there too: transactions committed per order
   (``pg_stat_database.xact_commit``) over the measured run;
3. the bare baseline: pgbench, 16 connections in autocommit, each sending
   ``UPDATE catalog_stock SET reserved = reserved + 1 WHERE id = <hot row> AND on_hand - reserved >= 1``
   for S seconds (the row has ample units meanwhile; it is set back to ``--stock`` units, none
   reserved, afterwards);
4. the load: Debian's wrk with 16 connections for S seconds, each request
   ``PUT /api/v1/orders/by-number/<store>/<number>`` with the clerk's Bearer token and a paid order of
   one unit of the hot SKU; the Lua script numbers every order from wrk's thread id and a counter
   and gives each a buyer of its own (nickname and phone), as a busy sale's orders come;
5. the checks: reserved ≤ on hand on the hot row, reserved == the units of the order lines holding
   stock, the orders created == the 201 answers, and how many orders were marked 缺货 (out of stock).

Figures: ``orders_per_s`` (201 answers per second), ``p50_ms``/``p99_ms`` (wrk), ``failures``
(answers other than 201, socket errors), ``queries_per_order``, ``xacts_per_order``,
``bare_updates_per_s``, ``ratio`` = orders/s ÷ bare updates/s, ``oversold`` (units reserved beyond on
hand plus any difference between reserved and the orders' reserved lines: must be 0),
``out_of_stock_orders``. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from order_api import environment, psql, wrk
from request_budget import cpu_seconds, serving_pids

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "zhanggui_bench_create"
REDIS_DB = 8
PORT = 18280
CLIENTS = 16
HOT_SKU, WARM_SKU = "HOT-1", "WARM-1"
PROFILED_ORDERS = 20
BARE_UPDATE = "UPDATE catalog_stock SET reserved = reserved + 1 WHERE id = {row} AND on_hand - reserved >= 1;\n"
STOCK_RESET = "UPDATE catalog_stock SET on_hand = {units}, reserved = 0 WHERE id = {row}"

# wrk's Lua hooks. Every thread numbers its orders "<prefix>-<thread id>-<counter>"; each order has a
# buyer of its own. Answers other than 201 are counted, and the figures end as one JSON line, as in
# request_budget.py.
WRK_SCRIPT = """
local threads, next_id = {}, 0
function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end
function init(args) sent = 0; not_ok = 0 end
local headers = {["Authorization"] = "Bearer @TOKEN@", ["Content-Type"] = "application/json"}
local body = '{"buyer_nickname": "bench-%s", "status": "paid", "created_at": "2026-12-01T10:00:00+08:00",'
  .. ' "lines": [{"title": "爆款 T恤", "unit_price": "99.00", "quantity": 1, "merchant_code": "@SKU@"}],'
  .. ' "shipping_fee": "0.00", "receiver_name": "王小二", "receiver_phone": "139%08d", "province": "浙江省",'
  .. ' "city": "杭州市", "district": "西湖区", "address_detail": "文三路 100 号"}'
function request()
  sent = sent + 1
  local number = string.format("@PREFIX@-%d-%d", id, sent)
  return wrk.format("PUT", "@PATH@" .. number, headers, string.format(body, number, (id * 1000000 + sent) % 100000000))
end
function response(status, headers, body) if status ~= 201 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, thread in ipairs(threads) do failed = failed + thread:get("not_ok") end
  io.write(string.format('WRK {"requests": %d, "seconds": %.3f, "p50_us": %d, "p99_us": %d, "failures": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99), failed))
end
"""


def seed(stock: int) -> dict[str, Any]:
    """A store, its clerk with a token, the hot SKU and the warm-up SKU in one warehouse."""
    from decimal import Decimal

    from zhanggui.accounts.models import Staff
    from zhanggui.accounts.services import api_token_create
    from zhanggui.catalog.models import Listing, Product, Sku, Stock, Warehouse
    from zhanggui.stores.models import Store

    store = Store.objects.create(code="bench-tmall", name="压测旗舰店", platform="tmall")
    clerk = Staff.objects.create_user(username="bench-clerk", password=os.urandom(16).hex(), role="order_clerk")
    store.staff.add(clerk)
    _token, raw = api_token_create(by=clerk, name="bench")
    product = Product.objects.create(spu_code="SPU-HOT", name="爆款 T恤")
    Listing.objects.create(product=product, store=store, status="online")
    warehouse = Warehouse.objects.create(code="hz-main", name="杭州主仓")
    rows = {}
    for code, units in ((HOT_SKU, stock), (WARM_SKU, 1_000_000)):
        sku = Sku.objects.create(
            product=product, merchant_code=code, attributes={"size": "M"}, list_price=Decimal("99.00")
        )
        rows[code] = Stock.objects.create(sku=sku, warehouse=warehouse, on_hand=units).pk
    return {"token": raw, "store_id": store.pk, "hot_row": rows[HOT_SKU]}


def start_layout(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """deploy/serve.py (nginx, gunicorn, uvicorn, Huey) in a process group of its own."""
    with log.open("wb") as out:
        serve = subprocess.Popen(
            [sys.executable, "deploy/serve.py"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    started = time.monotonic()
    while time.monotonic() - started < 180:  # five workers booting on a busy 2-core machine take a while
        if serve.poll() is not None:
            raise SystemExit(f"deploy/serve.py exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return serve
        except OSError:
            time.sleep(0.5)
    stop_layout(serve)
    raise SystemExit(f"deploy/serve.py did not answer /healthz within 180 s:\n{log.read_text()[-3000:]}")


def stop_layout(serve: subprocess.Popen[bytes]) -> None:
    serve.send_signal(signal.SIGTERM)
    try:
        serve.wait(timeout=40)
    except subprocess.TimeoutExpired:
        serve.kill()
        serve.wait()


def script(var_dir: Path, name: str, *, token: str, path: str, sku: str, prefix: str) -> Path:
    text = WRK_SCRIPT
    for key, value in {"TOKEN": token, "PATH": path, "SKU": sku, "PREFIX": prefix}.items():
        text = text.replace(f"@{key}@", value)
    file = var_dir / name
    file.write_text(text)
    return file


def body(number: str, sku: str, serial: int) -> str:
    """The same order the Lua script sends (buyer and phone of its own)."""
    return json.dumps(
        {
            "buyer_nickname": f"bench-{number}",
            "status": "paid",
            "created_at": "2026-12-01T10:00:00+08:00",
            "lines": [{"title": "爆款 T恤", "unit_price": "99.00", "quantity": 1, "merchant_code": sku}],
            "shipping_fee": "0.00",
            "receiver_name": "王小二",
            "receiver_phone": f"138{serial:08d}",
            "province": "浙江省",
            "city": "杭州市",
            "district": "西湖区",
            "address_detail": "文三路 100 号",
        },
        ensure_ascii=False,
    )


def queries_per_order(token: str, path: str) -> tuple[float, list[str]]:
    """Orders of the warm-up SKU created in-process through the whole request path; statements each."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.put(f"{path}PROFILE-0", body("PROFILE-0", WARM_SKU, 0), content_type="application/json", secure=True)
    with CaptureQueriesContext(connection) as captured:
        for n in range(1, PROFILED_ORDERS + 1):
            number = f"PROFILE-{n}"
            data = body(number, WARM_SKU, n)
            answer = client.put(f"{path}{number}", data, content_type="application/json", secure=True)
            assert answer.status_code == 201, answer.content[:300]
            if n == 1:
                first = [query["sql"] for query in captured.captured_queries]
    return len(captured.captured_queries) / PROFILED_ORDERS, first


def bare_updates(server: str, hot_row: int, seconds: float, var_dir: Path) -> float:
    """pgbench: CLIENTS connections each sending the conditional UPDATE of the hot row in autocommit."""
    sql = var_dir / "bare_update.sql"
    sql.write_text(BARE_UPDATE.format(row=hot_row))
    psql(server, STOCK_RESET.format(units=1_000_000_000, row=hot_row), DB_NAME)
    command = ["pgbench", "-n", "-c", str(CLIENTS), "-j", "2", "-T", str(max(1, round(seconds))), "-f", str(sql)]
    url = f"{server}/{DB_NAME}"
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603 - fixed pgbench arguments
    return float(re.search(r"tps = ([\d.]+) \(without initial connection time\)", output).group(1))


def database_counters(server: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        row = conn.execute("SELECT xact_commit, tup_inserted FROM pg_stat_database WHERE datname = %s", [DB_NAME])
        commits, inserted = row.fetchone()
    return int(commits), int(inserted)


class BackendSampler(threading.Thread):
    """Samples what the app's database connections are doing every 50 ms while the load runs: running
    a statement, waiting for a row lock (the hot row), idle inside a transaction (the worker is
    computing, or waiting for a CPU, between its statements), or idle between requests."""

    def __init__(self, server: str) -> None:
        super().__init__(daemon=True)
        self.server, self.stopping, self.counts = server, threading.Event(), collections.Counter[str]()

    def run(self) -> None:
        import psycopg

        with psycopg.connect(f"{self.server}/postgres", autocommit=True) as conn:
            while not self.stopping.wait(0.05):
                rows = conn.execute(
                    "SELECT state, wait_event_type FROM pg_stat_activity WHERE datname = %s"
                    " AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
                    [DB_NAME],
                ).fetchall()
                for state, wait in rows:
                    self.counts["lock" if wait == "Lock" else (state or "other").replace(" ", "_")] += 1

    def shares(self) -> dict[str, float]:
        total = sum(self.counts.values()) or 1
        return {name: round(number / total, 2) for name, number in sorted(self.counts.items())}


def gunicorn_master(serve: subprocess.Popen[bytes]) -> int:
    """The gunicorn master among deploy/serve.py's children."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == serve.pid and b"gunicorn" in (stat.parent / "cmdline").read_bytes():
                return int(stat.parent.name)
        except (OSError, ValueError):
            continue
    raise SystemExit("no gunicorn under deploy/serve.py")


def checks(hot_row: int) -> dict[str, Any]:
    """What the hot row and the orders say after the run: oversells and 缺货 orders."""
    from django.db.models import Sum

    from zhanggui.catalog.models import Stock
    from zhanggui.orders.models import Order, OrderLine

    stock = Stock.objects.get(pk=hot_row)
    orders = Order.objects.filter(lines__sku_id=stock.sku_id)
    held = OrderLine.objects.filter(sku_id=stock.sku_id, reserved=True).aggregate(units=Sum("quantity"))["units"] or 0
    return {
        "on_hand": stock.on_hand,
        "reserved": stock.reserved,
        "reserved_by_orders": held,
        "orders_created": orders.count(),
        "out_of_stock_orders": orders.filter(out_of_stock=True).count(),
        "oversold": max(0, stock.reserved - stock.on_hand) + abs(stock.reserved - held),
    }


def measure(args: argparse.Namespace, env: dict[str, str], var_dir: Path) -> dict[str, Any]:
    import django

    django.setup()
    seeded = seed(args.stock)
    token, hot_row = seeded["token"], seeded["hot_row"]
    path = f"/api/v1/orders/by-number/{seeded['store_id']}/"
    psql(args.server, "VACUUM ANALYZE", DB_NAME)
    serve = start_layout(env, var_dir / "serve.log")
    try:
        url = f"http://127.0.0.1:{PORT}{path}"
        warm = script(var_dir, "warm.lua", token=token, path=path, sku=WARM_SKU, prefix="WARM")
        warmed = wrk(url, {}, args.warmup, CLIENTS, warm)
        if warmed["failures"]:
            raise SystemExit(f"warm-up: {warmed['failures']} answers other than 201; see {var_dir / 'serve.log'}")
        queries, first = queries_per_order(token, path)
        bare = bare_updates(args.server, hot_row, args.seconds, var_dir)
        psql(args.server, STOCK_RESET.format(units=args.stock, row=hot_row), DB_NAME)
        hot = script(var_dir, "hot.lua", token=token, path=path, sku=HOT_SKU, prefix="HOT")
        commits_before, inserted_before = database_counters(args.server)
        sampler = BackendSampler(args.server)
        serving = serving_pids([gunicorn_master(serve)], DB_NAME, args.server)
        cpu_before = cpu_seconds(serving)
        sampler.start()
        load = wrk(url, {}, args.seconds, CLIENTS, hot)
        sampler.stopping.set()
        cpu_after = cpu_seconds(serving)
        sampler.join()
        time.sleep(0.6)  # pg_stat_database is updated from the backends at most every 500 ms
        commits_after, inserted_after = database_counters(args.server)
    finally:
        if not args.keep:
            stop_layout(serve)
    found = checks(hot_row)
    created = load["requests"] - load["failures"]
    orders_per_s = created / load["seconds"]
    if args.verbose:
        print("SQL of one order (in-process):")
        for sql in first:
            print("   ", sql[:200])
    return {
        "clients": CLIENTS,
        "seconds": args.seconds,
        "stock": args.stock,
        "orders_per_s": round(orders_per_s, 1),
        "p50_ms": round(load["p50_us"] / 1000, 1),
        "p99_ms": round(load["p99_us"] / 1000, 1),
        "failures": load["failures"],
        "queries_per_order": round(queries, 2),
        # CPU of the gunicorn workers and their database backends per order (steadier than orders/s
        # when others load the machine; the workers' own connections opened before the load)
        "cpu_ms_per_order": round(
            sum(cpu - cpu_before.get(pid, 0.0) for pid, cpu in cpu_after.items()) * 1000 / max(created, 1), 1
        ),
        "xacts_per_order": round((commits_after - commits_before) / max(created, 1), 2),
        "rows_inserted_per_order": round((inserted_after - inserted_before) / max(created, 1), 2),
        "bare_updates_per_s": round(bare, 1),
        "ratio": round(orders_per_s / bare, 3),
        "answered_201": created,
        # the app's connections during the load: running, waiting for the row lock, idle in a transaction…
        "backends": sampler.shares(),
        # wrk stops with requests in flight, which the server still completes: only fewer is a loss
        "orders_lost": max(0, created - found["orders_created"]),
        **found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds of the load and of the bare UPDATE")
    parser.add_argument("--stock", type=int, default=3000, help="units of the hot SKU on hand")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--quick", action="store_true", help="5 s each, 500 units")
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", action="store_true", help="keep the database and the layout running (to profile)")
    parser.add_argument("--verbose", action="store_true", help="print the SQL of one order")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.stock, args.warmup = min(args.seconds, 5.0), min(args.stock, 500), 2.0
    for tool in ("wrk", "pgbench"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (Debian: packages wrk and postgresql, which brings pgbench)")

    var_dir = Path(tempfile.mkdtemp(prefix="zhanggui-bench-create-"))
    var_dir.chmod(0o711)  # as root, nginx's workers (nobody) reach the sockets in it
    env = environment(args.server, var_dir, database=DB_NAME, redis_db=REDIS_DB)
    env.update({"ZHANGGUI_LISTEN": f"127.0.0.1:{PORT}", "ZHANGGUI_HUEY_CONSUMERS": "1"})
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    psql(args.server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(args.server, f"CREATE DATABASE {DB_NAME}")
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        figures = measure(args, env, var_dir)
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept: database {DB_NAME}, the layout on port {PORT}, its log in {var_dir}")
        else:
            psql(args.server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            shutil.rmtree(var_dir, ignore_errors=True)

    print(
        f"{CLIENTS} clients × {args.seconds:g} s, one hot SKU with {args.stock:,} units: "
        f"{figures['orders_per_s']} orders/s (p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms), "
        f"{figures['queries_per_order']} queries per order; bare UPDATE {figures['bare_updates_per_s']}/s, "
        f"ratio {figures['ratio']}"
    )
    print(
        f"hot row: on hand {figures['on_hand']}, reserved {figures['reserved']} "
        f"(orders' reserved lines {figures['reserved_by_orders']}); oversold {figures['oversold']}; "
        f"{figures['orders_created']} orders, {figures['out_of_stock_orders']} marked 缺货"
    )
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
