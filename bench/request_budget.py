"""Benchmark: what a request costs in our app against a bare Django app, under wrk.

    .venv/bin/python bench/request_budget.py              # 50,000 orders, 10 s per endpoint
    .venv/bin/python bench/request_budget.py --quick      # 5,000 orders, 4 s per endpoint
    .venv/bin/python bench/request_budget.py --orders 200000 --seconds 20 --keep

In a database of its own (``zhanggui_bench_budget`` on ``--server``, created and dropped here):
migrate, then bench/order_api.py's seed (7 stores, an order clerk of all of them with an API token,
buyers and N orders written set-wise), VACUUM ANALYZE. Two gunicorns with 2 sync workers each:

- the baseline, ``bench/bare``: Django with no middleware and one view reading a store by primary
  key through the ORM (one indexed SELECT), with the app's production database settings;
- the app as in production (``zhanggui.settings.production`` with its environment, Redis
  included), requests sent as the reverse proxy sends them (``X-Forwarded-Proto: https``).

Debian's ``wrk`` (C, one thread, 8 connections) calls the baseline ``GET /stores/<id>``, the
trivial authenticated endpoint ``GET /api/v1/auth/tokens`` and the order list
``GET /api/v1/orders?page_size=50`` (both with the clerk's Bearer token): a warm-up each, then
S seconds each in R slices taken in turn (baseline, trivial, list, baseline, …), so that the
machine's other load weighs on all three alike. Figures per endpoint: requests/s, p50 (median of
the slices) and p99 (worst slice) latency, answers other than 200, and CPU milliseconds per
request of the gunicorn workers plus the database's client backends (steadier than requests/s
when others share the machine). Ratios are against the baseline of the same run (``*_ratio``
overall, ``*_ratio_range`` the lowest and highest of the slices, ``*_cpu_ratio`` baseline CPU per
request / the endpoint's). Then the app's SQL of each endpoint is captured in-process with its
EXPLAIN ANALYZE execution times (``*_queries``, ``*_sql_ms``; not the ``SELECT 1`` health check
Django runs before a request's first query). The last line printed is one JSON object of figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from order_api import WRK_SCRIPT, environment, explain, psql, seed, wrk

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "zhanggui_bench_budget"
BARE_PORT, APP_PORT = 18090, 18091
TRIVIAL = "/api/v1/auth/tokens"
ORDER_LIST = "/api/v1/orders?page_size=50"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def start_gunicorn(app: str, port: int, workers: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, app, "--chdir", str(ROOT), "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--no-control-socket"]  # gunicorn's default control socket is one path for every server
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603 - our own gunicorn, fixed arguments


def get(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310 - our own server
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_answering(endpoint: Endpoint, server: subprocess.Popen[bytes]) -> bytes:
    """The first 200 answer of ``endpoint`` (gunicorn takes a few seconds to start); exits on anything else."""
    started = time.monotonic()
    while time.monotonic() - started < 60:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn on port {endpoint.port} exited")
        try:
            status, body = get(endpoint.port, endpoint.path, endpoint.headers)
        except OSError:
            time.sleep(0.5)
            continue
        if status != 200:
            raise SystemExit(f"GET {endpoint.path} answered {status}: {body[:300]!r}")
        return body
    raise SystemExit(f"gunicorn on port {endpoint.port} did not answer within 60 s")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User + system CPU time of each of the processes still alive."""
    spent = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        spent[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime
    return spent


def serving_pids(masters: list[int], database: str, server: str) -> list[int]:
    """The gunicorn workers of ``masters`` and the database's backends serving them."""
    import psycopg

    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) in masters:
                workers.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'"
            " AND pid <> pg_backend_pid()",
            [database],
        ).fetchall()
    return workers + [row[0] for row in rows]


@dataclass
class Endpoint:
    """One endpoint under load and its figures of each slice."""

    name: str
    port: int
    path: str
    headers: dict[str, str]
    slices: list[dict[str, Any]] = field(default_factory=list)
    queries: list[dict[str, Any]] = field(default_factory=list)  # its SQL with EXPLAIN ANALYZE times (the app's)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    def figures(self) -> dict[str, Any]:
        """Requests/s and CPU per request over every slice; p50 the slices' median, p99 the worst slice's."""
        requests = sum(piece["requests"] for piece in self.slices)
        return {
            "rps": round(requests / sum(piece["seconds"] for piece in self.slices), 1),
            "p50_ms": round(statistics.median(piece["p50_us"] for piece in self.slices) / 1000, 2),
            "p99_ms": round(max(piece["p99_us"] for piece in self.slices) / 1000, 2),
            "failures": sum(piece["failures"] for piece in self.slices),
            "cpu_ms": round(sum(piece["cpu_s"] for piece in self.slices) * 1000 / requests, 2) if requests else None,
        }


def measure_slice(
    endpoint: Endpoint, seconds: float, args: argparse.Namespace, masters: list[int], script: Path
) -> None:
    """``seconds`` of wrk on ``endpoint``, with the CPU the servers and the database spent meanwhile.

    Connections are reopened after a minute (``conn_max_age``): a backend started during the slice
    counts whole, one that ended during it is lost from its last reading on.
    """
    before = cpu_seconds(serving_pids(masters, DB_NAME, args.server))
    figures = wrk(endpoint.url, endpoint.headers, seconds, args.connections, script)
    after = cpu_seconds(serving_pids(masters, DB_NAME, args.server))
    spent = sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())
    endpoint.slices.append({**figures, "cpu_s": spent})


def rps_of(piece: dict[str, Any]) -> float:
    return float(piece["requests"] / piece["seconds"])


def run_endpoints(args: argparse.Namespace, env: dict[str, str], var_dir: Path) -> list[Endpoint]:
    """Seed the database, start both servers and take the slices of every endpoint."""
    import django

    django.setup()
    token, store_id = seed(args.orders)
    psql(args.server, "VACUUM ANALYZE", DB_NAME)  # now rather than by autovacuum during the measurements
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare.settings"}
    servers = []
    try:
        for app, port, app_env in (("bench.bare.wsgi", BARE_PORT, bare_env), ("zhanggui.wsgi", APP_PORT, env)):
            servers.append(start_gunicorn(f"{app}:application", port, args.workers, app_env, var_dir / f"{port}.log"))
        proxied = {"X-Forwarded-Proto": "https"}
        authorised = {**proxied, "Authorization": f"Bearer {token}"}
        endpoints = [
            Endpoint("baseline", BARE_PORT, f"/stores/{store_id}", proxied),
            Endpoint("trivial", APP_PORT, TRIVIAL, authorised),
            Endpoint("list", APP_PORT, ORDER_LIST, authorised),
        ]
        by_port = {BARE_PORT: servers[0], APP_PORT: servers[1]}
        answers = [json.loads(wait_until_answering(endpoint, by_port[endpoint.port])) for endpoint in endpoints]
        assert len(answers[1]) == 1 and len(answers[2]["items"]) == 50, answers[1:]
        script = var_dir / "figures.lua"
        script.write_text(WRK_SCRIPT)
        for endpoint in endpoints:
            wrk(endpoint.url, endpoint.headers, args.warmup, args.connections, script)
        # Slices in turn, so that the machine's other load weighs on every endpoint alike.
        masters = [server.pid for server in servers]
        for _round in range(args.rounds):
            for endpoint in endpoints:
                measure_slice(endpoint, args.seconds / args.rounds, args, masters, script)
        for endpoint in endpoints[1:]:
            endpoint.queries = explain(endpoint.path, token)
        return endpoints
    finally:
        if args.keep:
            print(f"kept: database {DB_NAME}, gunicorn masters {[s.pid for s in servers]}, logs in {var_dir}")
        else:
            for server in servers:
                server.terminate()
                server.wait(timeout=30)


def figures_of(args: argparse.Namespace, endpoints: list[Endpoint]) -> dict[str, Any]:
    figures: dict[str, Any] = {"orders": args.orders, "seconds": args.seconds, "connections": args.connections}
    results = {endpoint.name: endpoint.figures() for endpoint in endpoints}
    for name, result in results.items():
        figures.update({f"{name}_{key}": value for key, value in result.items()})
    base = endpoints[0]
    for endpoint in endpoints[1:]:
        result = results[endpoint.name]
        figures[f"{endpoint.name}_ratio"] = round(result["rps"] / results[base.name]["rps"], 3)
        figures[f"{endpoint.name}_cpu_ratio"] = round(results[base.name]["cpu_ms"] / result["cpu_ms"], 3)
        by_round = [rps_of(mine) / rps_of(theirs) for mine, theirs in zip(endpoint.slices, base.slices, strict=True)]
        figures[f"{endpoint.name}_ratio_range"] = [round(min(by_round), 3), round(max(by_round), 3)]
        figures[f"{endpoint.name}_queries"] = len(endpoint.queries)
        figures[f"{endpoint.name}_sql_ms"] = round(sum(query["ms"] or 0 for query in endpoint.queries), 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per endpoint")
    parser.add_argument("--rounds", type=int, default=5, help="slices per endpoint, taken in turn")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of wrk per endpoint before measuring")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="5,000 orders, 4 s per endpoint in 2 slices")
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", action="store_true", help="keep the database and the servers running (to profile)")
    args = parser.parse_args()
    if args.quick:
        args.orders, args.seconds, args.rounds, args.warmup = min(args.orders, 5_000), 4.0, 2, 2.0
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    var_dir = Path(tempfile.mkdtemp(prefix="zhanggui-bench-budget-"))
    env = environment(args.server, var_dir, database=DB_NAME, redis_db=6)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    psql(args.server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(args.server, f"CREATE DATABASE {DB_NAME}")
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        endpoints = run_endpoints(args, env, var_dir)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            psql(args.server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            shutil.rmtree(var_dir, ignore_errors=True)

    print(f"{args.orders:,} orders; wrk 1 thread × {args.connections} connections; {args.workers} gunicorn workers")
    for endpoint in endpoints:
        print(f"  {endpoint.name:<9} {endpoint.path:<30} {endpoint.figures()}")
        for query in endpoint.queries:
            print(f"      {query['ms']} ms  {query['plan']:<16} {query['sql']}")
    figures = figures_of(args, endpoints)
    print(f"trivial / baseline: {figures['trivial_ratio']} (goal ≥ 0.5); list / baseline: {figures['list_ratio']}")
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
