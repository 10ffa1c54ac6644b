"""gunicorn of the production layout; deploy/serve.py passes ``--bind`` (a unix socket nginx proxies to).

Sync workers: measured on a 2-core machine they serve Django fastest (docs/operations.md), and
nginx in front buffers whole requests and answers, so slow clients do not hold them.
"""

import multiprocessing
import os

workers = int(os.environ.get("ZHANGGUI_WEB_WORKERS") or 2 * multiprocessing.cpu_count() + 1)
worker_class = "sync"
graceful_timeout = 10  # on SIGTERM, requests in flight get this long to finish
forwarded_allow_ips = "*"  # only nginx can reach the socket
accesslog = None  # nginx logs every request
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
# gunicorn 27 opens a control socket in ~/.gunicorn (one path shared by every gunicorn of the user)
# and takes seconds to close it on stop; serve.py manages gunicorn with signals. (Older versions
# ignore the setting.)
control_socket_disable = True
