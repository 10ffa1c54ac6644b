"""Benchmark: the filtered order list API with N orders in PostgreSQL, against a trivial JSON endpoint.

    .venv/bin/python bench/order_api.py                      # 1,000,000 orders, 20 clients, 20 s each
    .venv/bin/python bench/order_api.py --quick              # 50,000 orders, 5 s each
    .venv/bin/python bench/order_api.py --orders 200000 --seconds 10 --keep

In a database of its own (``--database``, default ``zhanggui_bench``, on ``--server``; created and
dropped here, or kept with ``--keep`` and measured again without seeding with ``--reuse``): migrate,
add 7 stores and an order clerk working for all of them (an API token), then buyers and N orders
set-wise with ``generate_series`` (a year of orders, newest with open statuses), then ANALYZE.
The app runs the production way (docs/operations.md): ``zhanggui.settings.production`` with its
environment (Redis included) under gunicorn with 2 × cores + 1 sync workers, requests sent as the
proxy sends them (``X-Forwarded-Proto: https``). Debian's ``wrk`` (C, one thread, 20 connections,
reconnecting when the server closes one, as gunicorn's sync workers do after each answer) calls

- the trivial endpoint ``GET /api/v1/auth/tokens`` (authenticated, one small query: my tokens),
- the list ``GET /api/v1/orders?status=awaiting_shipment&store=<id>`` (first page of 50),

each for S seconds in all after a short warm-up, in alternating slices of at most 4 s (so a change
in the machine's other load weighs on both alike); then the list's SQL is captured
in-process and EXPLAIN ANALYZEd. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "zhanggui_bench"
STORES = [
    ("bench-tmall", "tmall"),
    ("bench-taobao", "taobao"),
    ("bench-jd", "jd"),
    ("bench-pdd", "pdd"),
    ("bench-douyin", "douyin"),
    ("bench-own", "own"),
    ("bench-hk", "cross_border"),
]
TRIVIAL = "/api/v1/auth/tokens"


# wrk's Lua hooks: count answers other than 200 (wrk itself only counts non-2xx/3xx, and a
# redirect would pass) and print the figures as one JSON line.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) not_ok = 0 end
function response(status, headers, body) if status ~= 200 then not_ok = not_ok + 1 end end
function done(summary, latency, requests)
  local failed = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, thread in ipairs(threads) do failed = failed + thread:get("not_ok") end
  io.write(string.format('WRK {"requests": %d, "seconds": %.3f, "p50_us": %d, "p99_us": %d, "failures": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99), failed))
end
"""


def wrk(url: str, headers: dict[str, str], seconds: float, connections: int, script: Path) -> dict[str, Any]:
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "5s", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603 - fixed wrk arguments
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    return json.loads(line[4:])


def psql(server: str, sql: str, database: str = "postgres") -> None:
    import psycopg

    with psycopg.connect(f"{server}/{database}", autocommit=True) as conn:
        conn.execute(sql)


def environment(server: str, var_dir: Path, database: str = DB_NAME, redis_db: int = 15) -> dict[str, str]:
    """What production needs (docs/operations.md), pointed at a benchmark database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhanggui.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "CSRF_TRUSTED_ORIGINS": "https://127.0.0.1",
        "DATABASE_URL": f"{server}/{database}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", f"redis://127.0.0.1:6379/{redis_db}"),
        "ZHANGGUI_FIELD_KEYS": Fernet.generate_key().decode(),
        "ZHANGGUI_VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(var_dir / "media"),
        "LOG_LEVEL": "WARNING",
    }


def seed(orders: int) -> tuple[str, int]:
    """Stores, a clerk with a token, buyers and ``orders`` orders; returns (token, busiest store id)."""
    from django.db import connection

    from zhanggui.accounts.models import Staff
    from zhanggui.accounts.services import api_token_create
    from zhanggui.stores.models import Store

    stores = [Store.objects.create(code=code, name=code, platform=platform) for code, platform in STORES]
    clerk = Staff.objects.create_user(username="bench-clerk", password=secrets.token_urlsafe(16), role="order_clerk")
    for store in stores:
        store.staff.add(clerk)
    _token, raw = api_token_create(by=clerk, name="bench")
    ids = [s.pk for s in stores]
    per_store = max(100, orders // 10 // len(ids))  # about ten orders per buyer
    year = 365 * 86400
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO orders_buyer (store_id, nickname, name, phone, created_at)
            SELECT (%(ids)s::bigint[])[1 + (g - 1) / %(per)s], 'tb_buyer_' || g, '买家' || g,
                   '138' || lpad((g %% 100000000)::text, 8, '0'), now() - interval '400 days'
            FROM generate_series(1::bigint, %(n)s::bigint) g
            """,
            {"ids": ids, "per": per_store, "n": per_store * len(ids)},
        )
        cursor.execute("SELECT min(id) FROM orders_buyer")
        first_buyer = cursor.fetchone()[0]
        # Order g (1 = oldest) belongs to store g % 7; ages spread evenly over a year. The last
        # two days hold the open statuses; older orders are completed (88 %), closed or delivered.
        cursor.execute(
            """
            INSERT INTO orders_order (
                store_id, platform_order_id, buyer_id, status, out_of_stock, goods_amount, shipping_fee,
                platform_discount, seller_discount, paid_amount, refunded_amount, receiver_name,
                receiver_phone, province, city, district, address_detail, buyer_message, seller_memo,
                memo_flag, created_at, paid_at, shipped_at, delivered_at, completed_at, closed_at,
                close_reason, review_reasons, anomalies, warehouse_id, updated_at)
            SELECT o.store_id, o.number, o.buyer_id, o.status, false, o.amount, 0, 0, 0, o.amount,
                   CASE WHEN o.status = 'closed' THEN o.amount ELSE 0 END, '王小二', '13800001111',
                   '浙江省', '杭州市', '西湖区', '文三路 100 号', '', '', 'none', o.created,
                   o.created + interval '5 minutes',
                   CASE WHEN o.status IN ('shipped', 'delivered', 'completed') THEN o.created + interval '1 day' END,
                   CASE WHEN o.status IN ('delivered', 'completed') THEN o.created + interval '3 days' END,
                   CASE WHEN o.status = 'completed' THEN o.created + interval '10 days' END,
                   CASE WHEN o.status = 'closed' THEN o.created + interval '1 hour' END,
                   '', '[]'::jsonb, '[]'::jsonb, NULL, o.created
            FROM (
                SELECT (%(ids)s::bigint[])[1 + g %% 7] AS store_id,
                       lpad(g::text, 19, '3') AS number,
                       %(first_buyer)s + (g %% 7) * %(per)s + (g / 7) %% %(per)s AS buyer_id,
                       (99 + g %% 900)::numeric(12, 2) AS amount,
                       now() - make_interval(secs => (%(n)s - g)::double precision * %(year)s / %(n)s) AS created,
                       CASE
                         WHEN (%(n)s - g)::double precision * %(year)s / %(n)s < 172800 THEN
                           (ARRAY['awaiting_shipment', 'awaiting_shipment', 'awaiting_shipment', 'awaiting_shipment',
                                  'under_review', 'shipped', 'shipped', 'shipped', 'shipped',
                                  'pending_payment'])[1 + (g * 7919) %% 10]
                         ELSE (ARRAY['completed', 'completed', 'completed', 'completed', 'completed', 'completed',
                                     'completed', 'completed', 'closed', 'delivered'])[1 + (g * 7919) %% 10]
                       END AS status
                FROM generate_series(1::bigint, %(n)s::bigint) g
            ) o
            """,
            {"ids": ids, "per": per_store, "n": orders, "year": year, "first_buyer": first_buyer},
        )
        cursor.execute("ANALYZE orders_buyer; ANALYZE orders_order")
    return raw, ids[0]


def seeded_orders(server: str, database: str) -> int | None:
    """How many orders a kept benchmark database holds (None when there is none)."""
    import psycopg

    try:
        with psycopg.connect(f"{server}/{database}", autocommit=True) as conn:
            return int(conn.execute("SELECT count(*) FROM orders_order").fetchone()[0])
    except psycopg.Error:
        return None


def reseed() -> tuple[str, int]:
    """A kept database's clerk gets a new token (the old one's secret is gone); (token, busiest store id)."""
    from zhanggui.accounts.models import Staff
    from zhanggui.accounts.services import api_token_create
    from zhanggui.stores.models import Store

    _token, raw = api_token_create(by=Staff.objects.get(username="bench-clerk"), name="bench")
    return raw, Store.objects.get(code=STORES[0][0]).pk


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def compare(port: int, paths: list[str], token: str, clients: int, seconds: float) -> list[dict[str, Any]]:
    """Each path under wrk (``clients`` connections) for ``seconds`` in all, in alternating slices of
    at most 4 s, so that a change in the machine's other load weighs on every path alike; per path
    its requests/s, p50 (the slices' median) and p99 (the worst slice's)."""
    headers = {"Authorization": f"Bearer {token}", "X-Forwarded-Proto": "https"}
    slices = max(1, math.ceil(seconds / 4))
    runs: list[list[dict[str, Any]]] = [[] for _ in paths]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT)
        script.flush()
        for _slice in range(slices):
            for index, path in enumerate(paths):
                url = f"http://127.0.0.1:{port}{path}"
                runs[index].append(wrk(url, headers, seconds / slices, clients, Path(script.name)))
    return [
        {
            "requests": sum(piece["requests"] for piece in pieces),
            "failures": sum(piece["failures"] for piece in pieces),
            "rps": round(sum(piece["requests"] for piece in pieces) / sum(piece["seconds"] for piece in pieces), 1),
            "p50_ms": round(statistics.median(piece["p50_us"] for piece in pieces) / 1000, 1),
            "p99_ms": round(max(piece["p99_us"] for piece in pieces) / 1000, 1),
        }
        for pieces in runs
    ]


def wait_until_up(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    started = time.monotonic()
    while time.monotonic() - started < 60:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n\r\n")
                if b" 200 " in sock.recv(200):
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz within 60 s")


def explain(path: str, token: str) -> list[dict[str, Any]]:
    """The list request's SQL, captured in-process, each with its EXPLAIN ANALYZE execution time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get(path, secure=True)  # warm: token lookup and last-used stamp
    with CaptureQueriesContext(connection) as captured:
        answer = client.get(path, secure=True)
    assert answer.status_code == 200, answer.content[:300]
    found = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                found.append({"sql": sql[:160], "ms": None, "plan": "", "counts": False})
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0][0]
            node = plan["Plan"]
            ms, counts = round(plan["Execution Time"], 2), "COUNT(" in sql
            found.append({"sql": sql[:160], "ms": ms, "plan": node["Node Type"], "counts": counts})
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--quick", action="store_true", help="50,000 orders, 5 s per endpoint")
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (to profile)")
    parser.add_argument("--database", default=DB_NAME, help=f"the database to build (default {DB_NAME})")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep and reuse the database a --keep run left with the same --orders (migrated again, not seeded)",
    )
    args = parser.parse_args()
    if args.quick:
        args.orders, args.seconds = min(args.orders, 50_000), min(args.seconds, 5.0)

    var_dir = Path(tempfile.mkdtemp(prefix="zhanggui-bench-api-"))
    env = environment(args.server, var_dir, args.database)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    reused = args.reuse and seeded_orders(args.server, args.database) == args.orders
    if not reused:
        psql(args.server, f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        psql(args.server, f"CREATE DATABASE {args.database}")
    server = None
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        started = time.perf_counter()
        token, store_id = reseed() if reused else seed(args.orders)
        seed_seconds = time.perf_counter() - started
        if not reused:
            print(f"{args.orders:,} orders written in {seed_seconds:.1f}s ({args.orders / seed_seconds:,.0f} rows/s)")
        listing = f"/api/v1/orders?status=awaiting_shipment&store={store_id}"
        port, log = free_port(), var_dir / "gunicorn.log"
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        command = [gunicorn, "zhanggui.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(args.workers), "--access-logfile", "-"]
        with log.open("wb") as out:
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603 - our own gunicorn, fixed arguments
        wait_until_up(port, server, log)
        compare(port, [TRIVIAL, listing], token, args.clients, 2.0)  # warm every worker
        trivial, orders = compare(port, [TRIVIAL, listing], token, args.clients, args.seconds)
        queries = explain(listing, token)
        unfiltered = explain("/api/v1/orders", token)  # the whole list: its COUNT covers every order
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        if not (args.keep or args.reuse):
            psql(args.server, f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)")
        shutil.rmtree(var_dir, ignore_errors=True)

    ratio = round(orders["rps"] / trivial["rps"], 3) if trivial["rps"] else None
    print(f"{args.clients} clients × {args.seconds:g} s, gunicorn {args.workers} workers, {args.orders:,} orders")
    print(f"trivial  {TRIVIAL}: {trivial}")
    print(f"list     {listing}: {orders}")
    print(f"ratio list/trivial requests/s: {ratio}")
    print("list SQL (EXPLAIN ANALYZE execution time):")
    for query in queries:
        print(f"  {query['ms']} ms  {query['plan']:<16} {query['sql']}")
    print("unfiltered list SQL (GET /api/v1/orders):")
    for query in unfiltered:
        print(f"  {query['ms']} ms  {query['plan']:<16} {query['sql']}")
    figures = {
        "orders": args.orders,
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "seed_rows_per_s": None if reused else round(args.orders / seed_seconds),
        "trivial_rps": trivial["rps"],
        "trivial_p50_ms": trivial["p50_ms"],
        "trivial_p99_ms": trivial["p99_ms"],
        "list_rps": orders["rps"],
        "list_p50_ms": orders["p50_ms"],
        "list_p99_ms": orders["p99_ms"],
        "list_failures": orders["failures"],
        "trivial_failures": trivial["failures"],
        "ratio": ratio,
        "list_queries": len(queries),
        "list_sql_ms": round(sum(q["ms"] or 0 for q in queries), 2),
        # the query counting the rows (the page's own since the count rides along with it)
        "unfiltered_count_ms": next((q["ms"] for q in unfiltered if q["counts"]), None),
        "unfiltered_sql_ms": round(sum(q["ms"] or 0 for q in unfiltered), 2),
    }
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
