#!/usr/bin/env python3
"""Run the production layout of this host in the foreground; Ctrl-C or SIGTERM stops all of it.

    .venv/bin/python deploy/serve.py          # with the environment of docs/operations.md

nginx on ``ZHANGGUI_LISTEN`` sends ``/ws/`` to uvicorn (``zhanggui.asgi``, ``ZHANGGUI_WS_WORKERS``
processes) and everything else to gunicorn (``zhanggui.wsgi``, ``ZHANGGUI_WEB_WORKERS`` workers),
both on unix sockets in the run directory; ``ZHANGGUI_HUEY_CONSUMERS`` × ``manage.py run_huey`` run
the tasks. Each is a child process in its own process group, and nginx starts once its upstreams
listen. When one child stops, or on SIGINT/SIGTERM, the others are stopped gracefully (nginx
first); whatever is left after ``ZHANGGUI_STOP_TIMEOUT`` seconds (or a second Ctrl-C) is killed
with its process group. The exit status is 0 only for a requested stop in which everything stopped
by itself.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PR_SET_PDEATHSIG = 1
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"  # sbin is not on every user's PATH
WSGI_APP, ASGI_APP = "zhanggui.wsgi:application", "zhanggui.asgi:application"
# Only nginx reaches the socket, so its forwarded headers are trusted; nginx logs the requests.
UVICORN_OPTIONS = ["--proxy-headers", "--forwarded-allow-ips=*", "--no-access-log", "--lifespan=off"]
# Live frames are small JSON sent to hundreds of sockets: compressing each per socket would cost
# more than the bytes it saves (and the hub writes one serialized frame to all of them).
UVICORN_OPTIONS += ["--timeout-graceful-shutdown=5", "--ws-per-message-deflate=false"]


@dataclass
class Child:
    """One process of the layout: how to start it, the signal that stops it gracefully, the unix
    socket it listens on (if nginx proxies to it), and whether serve.py passes its output on."""

    name: str
    argv: list[str]
    stop_signal: signal.Signals
    socket: Path | None = None
    # nginx reopens /dev/stdout for its access log, which fails when that is a socket (journald)
    # or another user's file; a pipe from serve.py always reopens.
    relayed: bool = False
    process: subprocess.Popen[bytes] | None = None
    relay: threading.Thread | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command lines
            self.argv,
            cwd=ROOT,
            start_new_session=True,
            preexec_fn=die_with_parent,
            stdout=subprocess.PIPE if self.relayed else None,
        )
        if self.process.stdout is not None:
            self.relay = threading.Thread(target=copy_lines, args=(self.process.stdout,), daemon=True)
            self.relay.start()
        say(f"started {self.name} (pid {self.process.pid})")

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None


def copy_lines(source: IO[bytes]) -> None:
    for line in source:
        sys.stdout.buffer.write(line)
        sys.stdout.buffer.flush()


def say(message: str) -> None:
    print(f"serve: {message}", file=sys.stderr, flush=True)


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


def die_with_parent() -> None:
    # In the child before exec: if serve.py itself is killed, the kernel stops the child too. (Every
    # child starts before serve.py's one thread, nginx's relay, as preexec_fn requires.)
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def var_directory() -> Path:
    return Path(setting("ZHANGGUI_VAR_DIR", str(ROOT / "var")))


def run_directory() -> Path:
    var_dir = var_directory()
    run_dir = Path(setting("ZHANGGUI_RUN_DIR", str(var_dir / "run"))).resolve()
    (run_dir / "nginx").mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        # As root, nginx's workers run as nobody: they must reach the sockets and temporary files.
        closed = [p for p in (run_dir, *run_dir.parents) if not p.stat().st_mode & stat.S_IXOTH]
        if closed:
            raise SystemExit(f"serve: nginx's workers (user nobody) cannot enter {closed[0]}; chmod o+x it")
    return run_dir


def lock(run_dir: Path) -> IO[str]:
    """Hold the run directory for this process: two layouts in one directory would share sockets."""
    handle = (run_dir / "serve.lock").open("w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SystemExit(f"serve: another deploy/serve.py is running in {run_dir}") from None
    return handle


def render_nginx(run_dir: Path) -> Path:
    proxies = [p.strip() for p in setting("ZHANGGUI_TRUSTED_PROXIES", "").split(",") if p.strip()]
    real_ip = [f"set_real_ip_from {p};" for p in proxies]
    real_ip += ["real_ip_header X-Forwarded-For;", "real_ip_recursive on;"] if proxies else ["# (none)"]
    values = {
        "REAL_IP": "\n".join(f"        {line}" for line in real_ip),
        "RUN_DIR": str(run_dir),
        # The settings' default, so nginx serves the pictures from where the app stores them.
        "MEDIA_ROOT": str(Path(setting("MEDIA_ROOT", str(var_directory() / "media"))).resolve()),
        "LISTEN": setting("ZHANGGUI_LISTEN", "127.0.0.1:8080"),
        # Behind HTTPS, nginx listens for the TLS terminator only: every request came over HTTPS.
        "FORWARDED_PROTO": "$scheme" if setting("ZHANGGUI_BEHIND_HTTPS", "1") == "0" else "https",
    }
    text = (DEPLOY / "nginx.conf.template").read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    path = run_dir / "nginx" / "nginx.conf"
    path.write_text(text)
    return path


def ws_workers() -> list[str]:
    """``--workers`` for uvicorn: its processes share the one unix socket (each holds its own live
    hub, one Redis subscription each). One by default: see docs/operations.md."""
    workers = int(setting("ZHANGGUI_WS_WORKERS", "1"))
    return [f"--workers={workers}"] if workers > 1 else []


def layout(run_dir: Path) -> list[Child]:
    """The processes in start order: the app servers and the consumers, then nginx in front."""
    python = sys.executable
    gunicorn, uvicorn = run_dir / "gunicorn.sock", run_dir / "uvicorn.sock"
    consumers = int(setting("ZHANGGUI_HUEY_CONSUMERS", "1"))
    threads = setting("ZHANGGUI_HUEY_WORKERS", "4")
    periodic = setting("ZHANGGUI_HUEY_PERIODIC", "1") == "1"
    nginx_conf = render_nginx(run_dir)
    return [
        Child(
            "gunicorn",
            [python, "-m", "gunicorn", f"--config={DEPLOY / 'gunicorn.conf.py'}", f"--bind=unix:{gunicorn}", WSGI_APP],
            signal.SIGTERM,
            gunicorn,
        ),
        Child(
            "uvicorn",
            [python, "-m", "uvicorn", ASGI_APP, f"--uds={uvicorn}", *UVICORN_OPTIONS, *ws_workers()],
            signal.SIGTERM,
            uvicorn,
        ),
        *[
            Child(
                f"huey-{number + 1}",
                [python, "manage.py", "run_huey", f"--workers={threads}", "--worker-type=thread"]
                # Only one consumer schedules periodic jobs, or each would run once per consumer.
                + ([] if number == 0 and periodic else ["--no-periodic"]),
                signal.SIGINT,  # huey's graceful stop: running tasks finish
            )
            for number in range(consumers)
        ],
        Child(
            "nginx",
            [NGINX, "-p", str(nginx_conf.parent), "-c", str(nginx_conf), "-e", "stderr"],
            signal.SIGQUIT,
            relayed=True,
        ),
    ]


def wait_until(done: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.1)


def start_all(children: list[Child], interrupted: Callable[[], bool]) -> None:
    """Start the children in order; nginx once the sockets it proxies to exist (no 502 at start)."""
    sockets = [c.socket for c in children if c.socket is not None]
    for path in sockets:
        path.unlink(missing_ok=True)  # left by a layout that was killed
    for child in children:
        if child.name == "nginx":
            wait_until(lambda: all(p.exists() for p in sockets) or interrupted(), seconds=60)
        if interrupted():
            return
        child.start()


def stop_all(children: list[Child], requests: list[int]) -> bool:
    """Stop every running child gracefully, nginx first; kill what is left after the timeout or a
    further Ctrl-C. True when everything stopped by itself."""
    for child in reversed(children):
        if child.running and child.process is not None:
            child.process.send_signal(child.stop_signal)
    asked = max(len(requests), 1)
    timeout = float(setting("ZHANGGUI_STOP_TIMEOUT", "30"))
    wait_until(lambda: not any(c.running for c in children) or len(requests) > asked, seconds=timeout)
    left = [c for c in children if c.running]
    for child in left:
        if child.process is not None:
            say(f"killing {child.name} (pid {child.process.pid}) and its process group")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.process.pid, signal.SIGKILL)
            child.process.wait()
    for child in children:
        if child.relay is not None:
            child.relay.join(timeout=1)  # the last lines of output
        if child.socket is not None:
            child.socket.unlink(missing_ok=True)
    return not left


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhanggui.settings.production")
    run_dir = run_directory()
    held = lock(run_dir)
    # The settings refuse to load without what production needs: say so before starting anything.
    check = [sys.executable, "manage.py", "check", "--deploy"]
    if subprocess.run(check, cwd=ROOT, check=False).returncode:  # noqa: S603 - a fixed command line
        return 1
    children = layout(run_dir)
    requests: list[int] = []
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda signum, _frame: requests.append(signum))

    def interrupted() -> bool:
        return bool(requests) or any(c.exited for c in children)

    start_all(children, interrupted)
    if not interrupted():
        say(f"serving http://{setting('ZHANGGUI_LISTEN', '127.0.0.1:8080')}/ (Ctrl-C stops everything)")
    wait_until(interrupted, seconds=float("inf"))
    failed = [c for c in children if c.exited]
    for child in failed:
        say(f"{child.name} exited with status {child.process.returncode if child.process else '?'}; stopping")
    if requests:
        say(f"received {signal.Signals(requests[0]).name}; stopping")
    started = time.monotonic()
    clean = stop_all(children, requests)
    held.close()
    took = time.monotonic() - started
    say(f"stopped in {took:.1f} s" if clean else f"stopped in {took:.1f} s, some processes had to be killed")
    return 0 if clean and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
