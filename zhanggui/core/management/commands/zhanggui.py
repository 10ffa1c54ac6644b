"""``manage.py zhanggui demo|serve``: load the demo shop; serve the console, API and workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhanggui.core.demo import DEMO_PASSWORD, SIZES, demo_build
from zhanggui.core.policy import ROLES


class Command(BaseCommand):
    help = "Zhanggui tools: `demo --size small|medium|large`, `serve --host --port`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("demo", help="Build (or refresh) the deterministic demo shop.")
        demo.add_argument("--size", choices=list(SIZES), default="small")
        demo.add_argument("--seed", type=int, default=20261126)
        serve = sub.add_parser("serve", help="Serve HTTP + websockets (uvicorn) and run the Huey consumer.")
        serve.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "demo":
            started = time.perf_counter()
            ctx = demo_build(size=options["size"], seed=options["seed"])
            took = time.perf_counter() - started
            self.stdout.write(f"demo shop ({options['size']}) ready in {took:.1f}s: " + "; ".join(ctx.log))
        else:
            self.serve(options["host"], options["port"])

    def serve(self, host: str, port: int) -> None:
        python = sys.executable
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "zhanggui.settings.dev"),
        }
        web = [python, "-m", "uvicorn", "zhanggui.asgi:application", "--host", host, "--port", str(port)]
        worker = [python, "manage.py", "run_huey", "--workers", "2", "--worker-type", "thread"]
        processes = [subprocess.Popen(web, env=env), subprocess.Popen(worker, env=env)]  # noqa: S603
        self.banner(host, port)
        try:
            while all(p.poll() is None for p in processes):
                time.sleep(0.5)
            raise CommandError("a child process stopped; see its output above")
        except KeyboardInterrupt:
            pass
        finally:
            for p in processes:
                if p.poll() is None:
                    p.send_signal(signal.SIGINT)
            for p in processes:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()

    def banner(self, host: str, port: int) -> None:
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        queue = "Redis" if settings.REDIS_URL else "SQLite"
        lines = [
            "",
            f"  Zhanggui 掌柜 is running at http://{host}:{port}/",
            f"  API docs: http://{host}:{port}/api/v1/docs   health: http://{host}:{port}/healthz",
            f"  database: {database}; task queue and channels: {queue}",
            f"  demo logins (password {DEMO_PASSWORD}):",
            *[f"    {role:<12} {label}" for role, label in ROLES.items()],
            "  Ctrl-C stops the server and the worker.",
            "",
        ]
        self.stdout.write("\n".join(lines))
