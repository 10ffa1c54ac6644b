"""Keep secrets out of logs: tokens, passwords and keys are replaced before a record is written."""

from __future__ import annotations

import logging
import re

_SECRETS = (
    re.compile(r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:\w+\s+)?)([^\s\"',&]+)"),
    re.compile(r"(?i)(bearer\s+)([^\s\"',&]+)"),
    re.compile(r"(?i)((?:password|passwd|secret|token|api[_-]?key)[\"']?\s*[:=]\s*[\"']?)([^\s\"',&]+)"),
)


def redact(text: str) -> str:
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: m.group(1) + "***", text)
    return text


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
