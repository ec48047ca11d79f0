"""PostgreSQL and Redis on this machine for the tests and benchmarks of the
several-server layout. Development machines and CI run both; a fresh machine
gets them from Debian's packages, set up as those machines are (trust
authentication on 127.0.0.1, a database `test`)."""

from __future__ import annotations

import glob
import shutil
import subprocess
from pathlib import Path

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
REDIS_URL = "redis://127.0.0.1:6379/1"
TRUST_LOCAL = "host all all 127.0.0.1/32 trust\n"


def _run(*command: str) -> bool:
    return subprocess.run(command, capture_output=True).returncode == 0


def _apt_install(package: str) -> None:
    if not _run("apt-get", "install", "-y", "-q", package):
        _run("apt-get", "update", "-q")
        subprocess.run(["apt-get", "install", "-y", "-q", package], check=True, capture_output=True)


def ensure_postgresql() -> str:
    """The URL of a reachable PostgreSQL database, installed and started if needed."""
    if _run("pg_isready", "-h", "127.0.0.1"):
        return POSTGRES_URL
    if shutil.which("pg_ctlcluster") is None:
        _apt_install("postgresql")
    for hba in glob.glob("/etc/postgresql/*/main/pg_hba.conf"):
        text = Path(hba).read_text()
        if TRUST_LOCAL not in text:
            Path(hba).write_text(TRUST_LOCAL + text)
    for version in glob.glob("/etc/postgresql/*"):
        _run("pg_ctlcluster", "--skip-systemctl-redirect", Path(version).name, "main", "restart")
    _run("psql", "-h", "127.0.0.1", "-U", "postgres", "-c", "CREATE DATABASE test")
    if not _run("pg_isready", "-h", "127.0.0.1"):
        raise RuntimeError("PostgreSQL could not be started on 127.0.0.1:5432")
    return POSTGRES_URL


def ensure_redis() -> str:
    """The URL of a reachable Redis, installed and started if needed."""
    if _run("redis-cli", "-h", "127.0.0.1", "ping"):
        return REDIS_URL
    if shutil.which("redis-server") is None:
        _apt_install("redis-server")
    _run("redis-server", "--daemonize", "yes", "--save", "", "--appendonly", "no")
    for _ in range(20):
        if _run("redis-cli", "-h", "127.0.0.1", "ping"):
            return REDIS_URL
        subprocess.run(["sleep", "0.5"])
    raise RuntimeError("Redis could not be started on 127.0.0.1:6379")
