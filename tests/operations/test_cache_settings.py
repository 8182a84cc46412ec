"""The cache the server's processes share: files under var/cache by default (nothing to run),
Redis when HOMEWARD_REDIS_URL is set. Each process here is a separate interpreter."""

import os
import socket
import subprocess
import sys

import pytest

SCRIPT = """
import django, sys
django.setup()
from django.conf import settings
from django.core.cache import cache
print(settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1])
if sys.argv[1] == "set":
    cache.set("homeward-test-shared", "from another process", 60)
else:
    print(cache.get("homeward-test-shared"))
    cache.delete("homeward-test-shared")
"""


def _run(env, step):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, step],
        env={**env, "DJANGO_SETTINGS_MODULE": "homeward.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split("\n")


def _env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if k not in {"HOMEWARD_REDIS_URL", "DATABASE_URL"}}
    return {**env, "HOMEWARD_VAR_DIR": str(tmp_path), **extra}


def test_files_by_default_shared_by_processes(tmp_path):
    env = _env(tmp_path)
    assert _run(env, "set")[0] == "FileBasedCache"
    assert _run(env, "get")[:2] == ["FileBasedCache", "from another process"]
    assert (tmp_path / "cache").is_dir()


def test_redis_when_configured(tmp_path):
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = _env(tmp_path, HOMEWARD_REDIS_URL="redis://127.0.0.1:6379/15")
    assert _run(env, "set")[0] == "RedisCache"
    assert _run(env, "get")[:2] == ["RedisCache", "from another process"]
    assert not (tmp_path / "cache").exists()
