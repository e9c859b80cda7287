"""The nginx config of scripts/serve_replicas.sh (two replicas behind nginx, issue 15): what it says, and
that nginx accepts it (`nginx -t`, where Debian's nginx is installed; skipped where it is not)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def render(prefix: Path, **env: str) -> str:
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "serve_replicas.sh"), "--config-only", str(prefix)],
        check=True, capture_output=True, env={**os.environ, "PYTHON": sys.executable, **env},
    )  # fmt: skip
    return (prefix / "nginx.conf").read_text(encoding="utf-8")


def test_config_is_sticky_proxies_websockets_and_fails_over(tmp_path: Path) -> None:
    conf = render(tmp_path, PORT="18080", REPLICAS="3", REPLICA_BASE_PORT="18601")
    assert "@" not in conf.replace("$", "")  # every placeholder filled in
    assert "listen 127.0.0.1:18080;" in conf
    for port in (18601, 18602, 18603):
        assert f"server 127.0.0.1:{port} max_fails=2 fail_timeout=10s;" in conf
    # sticky on a cookie nginx sets itself, not on the client's address
    assert "hash $kc_sticky consistent;" in conf
    directives = [line.strip() for line in conf.splitlines() if not line.strip().startswith("#")]
    assert not any(line.startswith("ip_hash") for line in directives)
    assert "kcreplica=$request_id; Path=/; HttpOnly; SameSite=Lax" in conf
    # the websocket and failover
    assert "location = /_stcore/stream" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf
    assert "proxy_set_header Connection $connection_upgrade;" in conf
    assert "proxy_next_upstream error timeout" in conf
    # one health check per replica, and nothing of nginx outside its own prefix
    assert (
        "location = /replica/3/_stcore/health { proxy_pass http://127.0.0.1:18603/_stcore/health; }" in conf
    )
    assert not any("/etc/nginx" in line or "/var/" in line for line in directives)
    assert f"pid {tmp_path}/nginx.pid;" in conf


def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if nginx is None:
        pytest.skip("nginx is not installed (Debian: apt-get install nginx); the config is checked above")
    render(tmp_path)
    test = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert test.returncode == 0, test.stderr
