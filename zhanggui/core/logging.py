"""Keep secrets out of logs: tokens, passwords and keys are replaced before a record is written."""

from __future__ import annotations

import logging
import re

_SECRET = re.compile(
    r"(?i)(bearer\s+|(?:password|passwd|secret|token|api[_-]?key|app_secret|authorization)[\"']?\s*[:=]\s*[\"']?)([^\s\"',&]+)"
)


def redact(text: str) -> str:
    return _SECRET.sub(lambda m: m.group(1) + "***", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
