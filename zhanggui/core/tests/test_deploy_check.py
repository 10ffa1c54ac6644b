from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.slow  # a second Django process
def test_production_settings_pass_the_deploy_check():
    # given production settings with secrets from the environment
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "zhanggui.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "zhanggui.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://zhanggui.example.com",
    }
    # when Django's deployment check runs, failing on warnings too
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # then it reports no issue at all
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
