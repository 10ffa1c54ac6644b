#!/usr/bin/env python3
"""Smoke test of the production layout: deploy/serve.py on PostgreSQL and Redis, used through nginx.

    .venv/bin/python deploy/smoke.py          # exit status 0 when every step held; about 30 s

1. Creates the database afresh, migrates it, collects the static files and creates an operator,
   all with manage.py and production settings (plain HTTP on localhost: ZHANGGUI_BEHIND_HTTPS=0).
2. Starts deploy/serve.py with 2 gunicorn workers and 2 Huey consumers, waits for /healthz through
   nginx and checks the processes: nginx, a gunicorn master with 2 workers, 1 uvicorn, 2 consumers.
3. Signs in with the login form (its CSRF token), opens /ws/notifications/ as that operator (a
   websocket from a foreign Origin is refused), uploads a product file with the import form and
   confirms its preview: the consumers check and then import it, and each task tells the operator's
   websocket over the Redis channel layer that it ended; the imported SKU is then listed. Uploads a
   picture of the product: nginx serves its thumbnail from MEDIA_ROOT and nothing else under /media/.
4. Sends SIGTERM to serve.py: it must exit 0 within 10 s, leaving none of its processes behind.

A script, not a pytest test: it runs the app the way production does (its own database migrated by
manage.py, real processes behind nginx), which the suites' settings and fixtures deliberately do not;
.ci/run calls it after them. Environment:

    SMOKE_DATABASE_URL  postgres://postgres@127.0.0.1:5432/zhanggui_smoke (created afresh, dropped after)
    SMOKE_REDIS_URL     redis://127.0.0.1:6379/5 (emptied first: give it a database of its own)
    SMOKE_PORT          18080 (nginx listens on 127.0.0.1 there)
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import psycopg
import redis
from cryptography.fernet import Fernet
from PIL import Image
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

ROOT = Path(__file__).resolve().parent.parent
USERNAME = "smoke-operator"
SKU_CODE = "SMOKE-DRESS-M"
STORE_CODE = "smoke-own"
PRODUCT_FILE = "\r\n".join(
    ["商品编码,商品名称,商家编码,吊牌价,店铺编码", f"SMOKE-DRESS,烟测连衣裙,{SKU_CODE},199.00,{STORE_CODE}", ""]
).encode("utf-8-sig")
NGINX_ERRORS = re.compile(r"^\S+ \S+ \[(error|crit|alert|emerg)\] .*$", re.MULTILINE)
STOP_WITHIN = 10.0  # seconds from SIGTERM to serve.py's exit


class SmokeFailed(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailed(message)


class Clock:
    def __init__(self) -> None:
        self.started = time.monotonic()

    def step(self, message: str) -> None:
        print(f"smoke: {time.monotonic() - self.started:5.1f}s {message}", flush=True)


# --- set-up --------------------------------------------------------------------------------------


def environment(var_dir: Path, database_url: str, redis_url: str, port: int) -> dict[str, str]:
    """Production settings and the layout's variables (docs/operations.md), on localhost over HTTP."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhanggui.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ZHANGGUI_FIELD_KEYS": Fernet.generate_key().decode(),
        "ZHANGGUI_BEHIND_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ZHANGGUI_VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(var_dir / "media"),
        "ZHANGGUI_LISTEN": f"127.0.0.1:{port}",
        "ZHANGGUI_WEB_WORKERS": "2",
        "ZHANGGUI_HUEY_CONSUMERS": "2",
        "ZHANGGUI_HUEY_WORKERS": "2",
        "LOG_LEVEL": "INFO",
    }


def fresh_database(database_url: str) -> None:
    server, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    server, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_redis(redis_url: str) -> None:
    redis.Redis.from_url(redis_url).flushdb()  # stale tasks of an earlier run would confuse this one


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    check(result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}{result.stderr}")


def create_operator(env: dict[str, str], password: str) -> None:
    """An operations specialist working for one store (the import lists new products in it)."""
    code = (
        "import os; from zhanggui.accounts.models import Staff; from zhanggui.stores.models import Store; "
        f"staff = Staff.objects.create_user(username={USERNAME!r}, password=os.environ['SMOKE_PASSWORD'], "
        "role='operator'); "
        f"Store.objects.create(code={STORE_CODE!r}, name='Smoke store', platform='own').staff.add(staff)"
    )
    manage({**env, "SMOKE_PASSWORD": password}, "shell", "-c", code)


# --- a browser's HTTP, through nginx --------------------------------------------------------------


class Browser:
    """Requests with a cookie jar and a browser's Origin on unsafe methods; redirects are not followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes = b"", content_type: str = ""
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET":
            headers |= {"Origin": self.origin, "Content-Type": content_type}
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            for header in response.headers.get_all("Set-Cookie") or []:
                self.cookies.update({k: m.value for k, m in SimpleCookie(header).items()})
            return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def get(self, path: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> str:
        """Submit a form; returns where it redirects to (every form here redirects on success)."""
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
            for name, value in fields.items()
        ]
        for name, (filename, content) in (files or {}).items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(f"{head}Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        status, headers, page = self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")
        check(status == 302, f"POST {path} answered {status}, not a redirect:\n{page[:2000]}")
        return headers["Location"]

    def csrf_token(self, path: str) -> str:
        status, _headers, page = self.get(path)
        check(status == 200, f"GET {path} answered {status}")
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        check(found is not None, f"no CSRF token in the form of {path}")
        assert found is not None
        return found.group(1)


# --- processes ------------------------------------------------------------------------------------


def process_tree(root: int) -> dict[int, tuple[int, str]]:
    """Every descendant of ``root``: pid → (parent pid, command line)."""
    children: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:  # it ended meanwhile
            continue
        children[int(stat.rpartition(")")[2].split()[1])].append((int(entry.name), command))
    tree: dict[int, tuple[int, str]] = {}
    parents = [root]
    while parents:
        parent = parents.pop()
        for pid, command in children[parent]:
            tree[pid] = (parent, command)
            parents.append(pid)
    return tree


def roles(tree: dict[int, tuple[int, str]], serve_pid: int) -> dict[str, int]:
    """How many processes of each kind the layout runs."""
    count: dict[str, int] = defaultdict(int)
    for parent, command in tree.values():
        if command.startswith("nginx: master"):
            count["nginx master"] += 1
        elif command.startswith("nginx: worker"):
            count["nginx worker"] += 1
        elif "-m gunicorn" in command:
            count["gunicorn master" if parent == serve_pid else "gunicorn worker"] += 1
        elif "-m uvicorn" in command:
            count["uvicorn"] += 1
        elif "run_huey" in command:
            count["huey consumer"] += 1
        else:
            count[command] += 1
    return dict(count)


def still_running(pids: list[int]) -> list[int]:
    """Those of ``pids`` that have not exited (a zombie has exited: only its entry is left)."""
    left = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        except OSError:
            continue
        if state != "Z":
            left.append(pid)
    return left


def wait_healthy(browser: Browser, serve: subprocess.Popen[bytes], timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        check(serve.poll() is None, f"deploy/serve.py exited with status {serve.returncode}")
        try:
            status, _headers, body = browser.get("/healthz")
            if status == 200:
                return json.loads(body)
        except OSError:  # nginx not listening yet
            pass
        time.sleep(0.25)
    raise SmokeFailed(f"/healthz did not answer 200 within {timeout:.0f} s")


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


# --- the run --------------------------------------------------------------------------------------


def websocket(browser: Browser, origin: str) -> ClientConnection:
    cookie = f"sessionid={browser.cookies.get('sessionid', '')}"
    return connect(
        f"ws://127.0.0.1:{browser.port}/ws/notifications/",
        origin=Origin(origin),
        additional_headers={"Cookie": cookie},
        proxy=None,
        open_timeout=10,
    )


def notification(ws: ClientConnection, kind: str, job: int) -> dict[str, Any]:
    """The next message on the websocket, which must be ``kind`` about ``job``."""
    message = json.loads(ws.recv(timeout=20))
    check(message["kind"] == kind and message["payload"]["job"] == job, f"expected {kind} of job {job}: {message}")
    return message


def sign_in(browser: Browser, password: str) -> None:
    token = browser.csrf_token("/accounts/login/")
    fields = {"csrfmiddlewaretoken": token, "username": USERNAME, "password": password}
    landing = browser.post("/accounts/login/", fields)
    check(landing == "/" and "sessionid" in browser.cookies, f"signing in led to {landing}")
    status, _headers, page = browser.get("/")
    check(status == 200 and USERNAME in page, f"the home page answered {status} without the operator's name")


def refuses_foreign_origins(browser: Browser) -> None:
    try:
        with websocket(browser, "http://evil.example"):
            pass
    except InvalidStatus as exc:
        check(exc.response.status_code == 403, f"a foreign Origin got {exc.response.status_code}, not 403")
        return
    raise SmokeFailed("a websocket from a foreign Origin was accepted")


def import_products(browser: Browser, ws: ClientConnection) -> None:
    """Upload and confirm a product file; the consumers' check and run each tell the websocket."""
    token = browser.csrf_token("/catalog/imports/new/")
    page = browser.post("/catalog/imports/new/", {"csrfmiddlewaretoken": token}, {"file": ("smoke.csv", PRODUCT_FILE)})
    found = re.fullmatch(r"/catalog/imports/(\d+)/", page)
    check(found is not None, f"the upload led to {page}")
    assert found is not None
    job = int(found.group(1))
    previewed = notification(ws, "import.previewed", job)
    check(previewed["payload"]["errors"] == 0, f"the preview found errors: {previewed}")
    check(browser.post(f"{page}confirm/", {"csrfmiddlewaretoken": token}) == page, "the confirm did not lead back")
    done = notification(ws, "import.done", job)
    check(done["payload"]["message"] == "Imported 1 rows.", f"the import did not say it imported the row: {done}")
    status, _headers, skus = browser.get(f"/catalog/skus/?q={SKU_CODE}")
    check(status == 200 and SKU_CODE in skus, f"the SKU list answered {status} without {SKU_CODE}")


def product_picture(browser: Browser) -> str:
    """Upload a picture of the imported product (sent as text/csv: only its content counts); nginx
    serves its thumbnail, and nothing else under /media/. Returns the thumbnail's path."""
    _status, _headers, skus = browser.get(f"/catalog/skus/?q={SKU_CODE}")
    found = re.search(r'href="(/catalog/products/\d+/)"', skus)
    check(found is not None, "no link to the imported product in the SKU list")
    assert found is not None
    product = found.group(1)
    picture = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 32, 48)).save(picture, "PNG")
    fields = {"csrfmiddlewaretoken": browser.csrf_token(product)}
    landing = browser.post(f"{product}pictures/", fields, {"image": ("smoke.png", picture.getvalue())})
    check(landing == f"{product}#pictures", f"the picture upload led to {landing}")
    _status, _headers, page = browser.get(product)
    shown = re.search(r'src="(/media/public/catalog/[0-9a-f/]+-320\.webp)"', page)
    check(shown is not None, "the product page shows no picture after the upload")
    assert shown is not None
    status, headers, _body = browser.request("GET", shown.group(1))
    check(status == 200 and headers.get("Content-Type") == "image/webp", f"the thumbnail answered {status} {headers}")
    check("immutable" in headers.get("Cache-Control", ""), f"the thumbnail is not cached: {headers}")
    status, _headers, _body = browser.get("/media/imports/")
    check(status == 404, f"/media/imports/ answered {status}: import files must never be served")
    return shown.group(1)


def stop(serve: subprocess.Popen[bytes], port: int) -> float:
    """SIGTERM, as a service manager stops it: everything must exit, cleanly and quickly."""
    pids = [serve.pid, *process_tree(serve.pid)]
    started = time.monotonic()
    serve.send_signal(signal.SIGTERM)
    try:
        status = serve.wait(timeout=STOP_WITHIN)
    except subprocess.TimeoutExpired:
        raise SmokeFailed(f"deploy/serve.py still running {STOP_WITHIN:.0f} s after SIGTERM") from None
    took = time.monotonic() - started
    check(status == 0, f"deploy/serve.py exited with status {status}")
    left = still_running(pids)
    check(not left, f"processes left running after the stop: {left}")
    check(port_is_free(port), f"port {port} still answers after the stop")
    return took


def set_up(env: dict[str, str], args: argparse.Namespace) -> str:
    """A fresh database and Redis, migrated, static files collected, the operator; returns its password."""
    check(port_is_free(args.port), f"port {args.port} is in use")
    fresh_database(args.database_url)
    empty_redis(args.redis_url)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    password = secrets.token_urlsafe(16)
    create_operator(env, password)
    return password


def check_processes(serve: subprocess.Popen[bytes]) -> dict[str, int]:
    layout = roles(process_tree(serve.pid), serve.pid)
    expected = {"gunicorn master": 1, "gunicorn worker": 2, "uvicorn": 1, "huey consumer": 2, "nginx master": 1}
    nginx_workers = layout.get("nginx worker", 0)
    check({k: v for k, v in layout.items() if k != "nginx worker"} == expected, f"unexpected processes: {layout}")
    check(nginx_workers >= 1, f"no nginx worker: {layout}")
    return layout


def check_log(log: str) -> None:
    check("Traceback" not in log, "a process logged a traceback (see the log)")
    nginx_error = NGINX_ERRORS.search(log)
    check(nginx_error is None, f"nginx logged an error: {nginx_error and nginx_error.group(0)}")


def run(args: argparse.Namespace, clock: Clock, var_dir: Path, log_path: Path) -> None:
    env = environment(var_dir, args.database_url, args.redis_url, args.port)
    password = set_up(env, args)
    clock.step("database migrated, static files collected, operator created")
    with log_path.open("ab") as log:
        serve = subprocess.Popen(
            [sys.executable, "deploy/serve.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        browser = Browser(args.port)
        browser.cookies["django_language"] = "en"
        health = wait_healthy(browser, serve, timeout=60)
        check(health["status"] == "ok", f"unhealthy: {health}")
        clock.step("healthy through nginx: " + ", ".join(health["checks"]))
        clock.step(f"processes: {check_processes(serve)}")
        sign_in(browser, password)
        clock.step("signed in through nginx with the login form")
        refuses_foreign_origins(browser)
        with websocket(browser, browser.origin) as ws:
            clock.step("websocket open as the operator (a foreign Origin was refused)")
            import_products(browser, ws)
        clock.step("consumers checked and imported the upload; the websocket heard import.previewed and import.done")
        clock.step(f"picture uploaded; nginx serves {product_picture(browser)}, and 404 for the rest of /media/")
        took = stop(serve, args.port)
        clock.step(f"stopped in {took:.1f} s, no process left")
        check_log(log_path.read_text(errors="replace"))
    finally:
        if serve.poll() is None:  # a failed step: stop the layout all the same
            serve.terminate()
            try:
                serve.wait(timeout=30)
            except subprocess.TimeoutExpired:
                serve.kill()
                serve.wait()


def interrupted(signum: int, _frame: object) -> None:
    raise SmokeFailed(f"interrupted by {signal.Signals(signum).name}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/zhanggui_smoke"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/5"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("SMOKE_PORT", "18080")))
    parser.add_argument("--keep", action="store_true", help="keep the database and the run's files")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, interrupted)  # e.g. CI's timeout: still stop the layout and clean up
    clock = Clock()
    var_dir = Path(tempfile.mkdtemp(prefix="zhanggui-smoke-"))
    var_dir.chmod(0o755)  # nginx's workers run as nobody when the smoke runs as root
    log_path = var_dir / "serve.log"
    try:
        run(args, clock, var_dir, log_path)
    except Exception as exc:  # noqa: BLE001 - any failure is the smoke's verdict, reported with the log
        print(f"smoke: FAILED: {exc}", file=sys.stderr)
        if log_path.exists():
            print("smoke: the last lines of deploy/serve.py's output:", file=sys.stderr)
            print("\n".join(log_path.read_text(errors="replace").splitlines()[-60:]), file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"smoke: kept {var_dir} and the database")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
            drop_database(args.database_url)
    clock.step("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
