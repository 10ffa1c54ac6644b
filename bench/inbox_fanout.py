#!/usr/bin/env python3
"""Benchmark: buyers' messages stored and fanned out live to 500 agents, on the production layout.

    .venv/bin/python bench/inbox_fanout.py                                  # 500 agents, 50 msg/s, 30 s
    .venv/bin/python bench/inbox_fanout.py --agents 50 --rate 10 --seconds 5   # quick
    .venv/bin/python bench/inbox_fanout.py --ws-workers 2                   # two uvicorn processes for /ws/

In a database of its own (``zhanggui_bench_fanout`` on ``--server``, created and dropped here):
migrate, one store, its pre-sale group with ``--agents`` agents (ONLINE, members), a signed-in
session for each. The app runs as in production: ``deploy/serve.py`` (nginx on 127.0.0.1:18290 →
uvicorn + Channels for ``/ws/``, ``--ws-workers`` processes, gunicorn, Huey) with
``zhanggui.settings.production``, Redis database 11 (the live hub's publications, the channel layer).

1. Agents: ``--procs`` client processes (asyncio, the ``websockets`` library) open one
   ``/ws/service/`` socket per agent, with the agent's session cookie and the site's Origin.
2. Buyers: this process is the platform connector. ``--rate`` messages a second for ``--seconds``
   (from ``--buyers`` buyers in turn), each through ``services.message_receive`` (the write path of
   every channel: the contact, the conversation, the message, routing, in one transaction) on a pool
   of threads, so the send includes the database write; on commit it is published to the sockets'
   hubs (one Redis ``PUBLISH`` per event; one subscription per uvicorn process).
   Each body carries its number and the time its write started.
3. Every client records, per received message, now − that time, and which numbers it got.
4. Baseline in the same run: bench/ws_broadcast.py (a bare ``websockets`` broadcast server), the same
   clients and rate, the buyer sending each message as a frame on its own socket.

Figures: ``p50_ms``/``p99_ms`` (delivery latency over all deliveries), ``deliveries_per_s``
(deliveries / the span from the first send to the last receipt), ``lost`` (agent × message pairs
never received: must be 0), ``duplicates`` (must be 0), the same with ``bare_``, and
``p99_ratio``/``deliveries_ratio`` (app ÷ bare). The goal: p99 ≤ 200 ms with the database write
included. The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DB_NAME = "zhanggui_bench_fanout"
REDIS_DB = 11
PORT, BARE_PORT = 18290, 18291
MARK = '"body": "bench '  # how json.dumps writes a benchmark message's body
DRAIN_IDLE = 5.0  # after the last send: seconds without a receipt before a client stops waiting


# --- the agents' clients (in their own processes) -------------------------------------------


def clients_run(
    url: str, headers: list[dict[str, str]], ready: Any, go_home: Any, expected: Any, results: Any, drain: float
) -> None:
    results.put(asyncio.run(_clients(url, headers, ready, go_home, expected, drain)))


async def _clients(
    url: str, headers: list[dict[str, str]], ready: Any, go_home: Any, expected: Any, drain: float
) -> dict[str, Any]:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed, InvalidHandshake

    latencies: list[float] = []
    got: list[set[int]] = [set() for _ in headers]
    duplicates = refused = 0
    last_receipt = time.time()
    opened = asyncio.Semaphore(50)

    async def agent(index: int, ready_at: asyncio.Future[None]) -> None:
        nonlocal duplicates, refused, last_receipt
        try:
            async with opened:
                socket = await connect(
                    url, additional_headers=headers[index], compression=None, max_queue=None, open_timeout=60
                )
        except (OSError, InvalidHandshake, TimeoutError):
            refused += 1  # its messages count as lost
            return
        finally:
            ready_at.set_result(None)
        mine = got[index]
        try:
            async for frame in socket:
                now = time.time()
                # The body without decoding the whole frame: the clients share the machine with the
                # server, and every microsecond here is one the server does not get.
                at = frame.find(MARK)
                if at < 0:
                    continue
                _word, number, sent = frame[at + len(MARK) - 6 : frame.index('"', at + len(MARK))].split(" ")
                if int(number) in mine:
                    duplicates += 1
                    continue
                mine.add(int(number))
                latencies.append(now - float(sent))
                last_receipt = now
        except ConnectionClosed:
            return  # the server closed it: the messages it missed count as lost

    connected = [asyncio.get_running_loop().create_future() for _ in headers]
    tasks = [asyncio.create_task(agent(i, f)) for i, f in enumerate(connected)]
    await asyncio.wait_for(asyncio.gather(*connected), timeout=180)
    ready.release()
    sent_at = None
    while True:
        await asyncio.sleep(0.2)
        if go_home.is_set():
            sent_at = sent_at or time.time()
            done = all(len(g) >= expected.value for g in got)
            if done or time.time() - last_receipt > DRAIN_IDLE or time.time() - sent_at > drain:
                break
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {
        "latencies": latencies,
        "counts": [len(g) for g in got],
        "duplicates": duplicates,
        "refused": refused,
        "last": last_receipt,
    }


def phase(
    url: str, headers: list[dict[str, str]], procs: int, send: Any, seconds: float, drain: float
) -> dict[str, Any]:
    """Clients connected, then ``send()`` (returns the messages sent and when it started), then the
    drain (at most ``drain`` seconds: what has not arrived by then counts as lost); the figures of
    all client processes together."""
    context = mp.get_context("spawn")
    ready, go_home, expected, results = context.Semaphore(0), context.Event(), context.Value("i", 0), context.Queue()
    shares = [headers[i::procs] for i in range(procs)]
    workers = [
        context.Process(target=clients_run, args=(url, share, ready, go_home, expected, results, drain), daemon=True)
        for share in shares
        if share
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        if not ready.acquire(timeout=240):
            raise SystemExit("the agents' sockets did not all open within 240 s")
    time.sleep(1.0)  # the sockets' groups joined on the server
    sent, started = send()
    expected.value = sent
    go_home.set()
    answers = [results.get(timeout=seconds + 300) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    latencies = sorted(x for a in answers for x in a["latencies"])
    counts = [c for a in answers for c in a["counts"]]
    span = max(a["last"] for a in answers) - started
    return {
        "messages": sent,
        "deliveries": len(latencies),
        "lost": sent * len(headers) - sum(min(c, sent) for c in counts),
        "duplicates": sum(a["duplicates"] for a in answers),
        "refused_sockets": sum(a["refused"] for a in answers),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "deliveries_per_s": round(len(latencies) / span, 1) if span > 0 else None,
    }


def paced(rate: float, seconds: float, one: Any, threads: int) -> tuple[int, float]:
    """``one(number)`` at ``rate`` a second for ``seconds`` on a pool of threads; (sent, start)."""
    total = int(rate * seconds)
    started = time.time()
    with ThreadPoolExecutor(threads) as pool:
        futures = []
        for number in range(total):
            delay = started + number / rate - time.time()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(one, number))
        sent = sum(1 for f in futures if f.result() is not False)
    return sent, started


# --- the app: seeding, the layout, the connector --------------------------------------------


def seed(agents: int) -> tuple[int, list[str]]:
    """The store, its pre-sale group of ``agents`` online agents; their session keys."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password

    from zhanggui.accounts.models import Staff
    from zhanggui.service.constants import GroupKind
    from zhanggui.service.models import AgentPresence, ServiceGroup
    from zhanggui.service.states import AgentStatus
    from zhanggui.stores.models import Store

    store = Store.objects.create(code="bench-tmall", name="压测旗舰店", platform="tmall")
    group = ServiceGroup.objects.create(store=store, kind=GroupKind.PRESALE, name="售前组")
    unusable = make_password(None)
    staff = Staff.objects.bulk_create(
        [Staff(username=f"bench-agent-{i}", password=unusable, role="cs_agent") for i in range(agents)]
    )
    store.staff.add(*staff)
    group.members.add(*staff)
    AgentPresence.objects.bulk_create([AgentPresence(staff=s, status=AgentStatus.ONLINE, capacity=1000) for s in staff])
    engine = import_module(settings.SESSION_ENGINE)
    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b)  # axes only guards logins
    keys = []
    for member in staff:
        session = engine.SessionStore()
        session[SESSION_KEY] = str(member.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = member.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return store.pk, keys


def start(argv: list[str], env: dict[str, str], log: Path, ready_url: str) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603 - our own scripts
    started = time.monotonic()
    while time.monotonic() - started < 180:
        if process.poll() is not None:
            raise SystemExit(f"{argv[1]} exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(ready_url, timeout=2):  # noqa: S310 - our own local server
                return process
        except urllib.error.HTTPError:
            return process  # answering at all is enough (the bare server refuses plain HTTP)
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"{argv[1]} did not answer within 180 s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def connector(store_id: int, buyers: int) -> Any:
    """One buyer's message through the channels' write path; False if it failed."""
    from django.db import connection

    from zhanggui.service.constants import Channel
    from zhanggui.service.services import message_receive
    from zhanggui.stores.models import Store

    store = Store.objects.get(pk=store_id)
    failures: list[str] = []

    def one(number: int) -> bool:
        try:
            message_receive(
                store=store,
                channel=Channel.TAOBAO,
                sender_id=f"bench_buyer_{number % buyers}",
                nickname=f"买家{number % buyers}",
                body=f"bench {number} {time.time():.6f}",
            )
            return True
        except Exception as exc:  # noqa: BLE001 - a failed write is counted; the run goes on
            failures.append(repr(exc))
            return False
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close_if_unusable_or_obsolete()

    one.failures = failures  # type: ignore[attr-defined]
    return one


def bare_sender(rate: float, seconds: float) -> tuple[int, float]:
    async def run() -> tuple[int, float]:
        from websockets.asyncio.client import connect

        async with connect(f"ws://127.0.0.1:{BARE_PORT}/send", compression=None) as socket:
            total, started = int(rate * seconds), time.time()
            for number in range(total):
                delay = started + number / rate - time.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                await socket.send(
                    json.dumps({"kind": "message", "message": {"body": f"bench {number} {time.time():.6f}"}})
                )
            return total, started

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--rate", type=float, default=50.0, help="buyers' messages a second")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--buyers", type=int, default=100, help="distinct buyers writing in turn")
    parser.add_argument("--procs", type=int, default=2, help="client processes holding the agents' sockets")
    parser.add_argument("--threads", type=int, default=8, help="the connector's writing threads")
    parser.add_argument("--drain", type=float, default=30.0, help="at most this long after the last send")
    # The live events go through the service context's hub (views/hub.py), no longer the channel
    # layer: "hub" is the only layout left (kept so the figures name it).
    parser.add_argument("--layer", choices=["hub"], default="hub")
    parser.add_argument("--ws-workers", type=int, default=1, help="uvicorn processes for /ws/ (ZHANGGUI_WS_WORKERS)")
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    sys.path.insert(0, str(BENCH))
    from order_api import environment, psql

    var_dir = Path(tempfile.mkdtemp(prefix="zhanggui-bench-fanout-"))
    var_dir.chmod(0o711)  # as root, nginx's workers (nobody) reach the sockets in it
    env = environment(args.server, var_dir, database=DB_NAME, redis_db=REDIS_DB)
    env.update({"ZHANGGUI_LISTEN": f"127.0.0.1:{PORT}", "ZHANGGUI_HUEY_CONSUMERS": "1", "ZHANGGUI_WEB_WORKERS": "2"})
    env["ZHANGGUI_WS_WORKERS"] = str(args.ws_workers)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()  # the channel layer's and Huey's keys of an earlier run
    psql(args.server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    psql(args.server, f"CREATE DATABASE {DB_NAME}")
    serve = bare = None
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        import django

        django.setup()
        from django.conf import settings

        store_id, keys = seed(args.agents)
        origin = f"http://127.0.0.1:{PORT}"
        headers = [{"Cookie": f"{settings.SESSION_COOKIE_NAME}={key}", "Origin": origin} for key in keys]

        bare = start(
            [sys.executable, str(BENCH / "ws_broadcast.py"), "--port", str(BARE_PORT)],
            env,
            var_dir / "bare.log",
            f"http://127.0.0.1:{BARE_PORT}/",
        )
        baseline = phase(
            f"ws://127.0.0.1:{BARE_PORT}/",
            [{} for _ in keys],
            args.procs,
            lambda: bare_sender(args.rate, args.seconds),
            args.seconds,
            args.drain,
        )
        stop(bare)
        bare = None

        serve = start(
            [sys.executable, "deploy/serve.py"],
            env,
            var_dir / "serve.log",
            f"http://127.0.0.1:{PORT}/api/v1/openapi.json",
        )
        # (ready by the API's schema: /healthz waits on a channel-layer round trip that the pub/sub
        # layer never completes, as it only hears a channel once subscribed)
        one = connector(store_id, args.buyers)
        one(-1)  # warm: the first write opens the connector's connections
        app = phase(
            f"ws://127.0.0.1:{PORT}/ws/service/",
            headers,
            args.procs,
            lambda: paced(args.rate, args.seconds, one, args.threads),
            args.seconds,
            args.drain,
        )
        if one.failures:
            print(f"{len(one.failures)} writes failed, first: {one.failures[0]}")
    finally:
        for process in (bare, serve):
            if process is not None:
                stop(process)
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept: database {DB_NAME}, logs in {var_dir}")
        else:
            psql(args.server, f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            shutil.rmtree(var_dir, ignore_errors=True)

    figures: dict[str, Any] = {
        "agents": args.agents,
        "rate": args.rate,
        "seconds": args.seconds,
        "layer": args.layer,
        "ws_workers": args.ws_workers,
        **app,
        **{f"bare_{key}": value for key, value in baseline.items()},
        "goal_p99_ms": 200,
    }
    figures["p99_ratio"] = (
        round(app["p99_ms"] / baseline["p99_ms"], 2) if app["p99_ms"] and baseline["p99_ms"] else None
    )
    figures["deliveries_ratio"] = (
        round(app["deliveries_per_s"] / baseline["deliveries_per_s"], 3)
        if app["deliveries_per_s"] and baseline["deliveries_per_s"]
        else None
    )
    print(
        f"{args.agents} agents, {args.rate:g} msg/s × {args.seconds:g} s ({args.layer}, {args.ws_workers} ws): "
        f"app p50 {app['p50_ms']} ms, p99 {app['p99_ms']} ms, {app['deliveries_per_s']} deliveries/s, "
        f"lost {app['lost']}, duplicates {app['duplicates']}"
    )
    print(
        f"bare websocket broadcast: p50 {baseline['p50_ms']} ms, p99 {baseline['p99_ms']} ms, "
        f"{baseline['deliveries_per_s']} deliveries/s, lost {baseline['lost']}; "
        f"ratio p99 {figures['p99_ratio']}, deliveries {figures['deliveries_ratio']}; goal p99 ≤ 200 ms"
    )
    print(json.dumps(figures, sort_keys=True))


if __name__ == "__main__":
    main()
