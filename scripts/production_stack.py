"""The production shape, run on this machine: Prefect server on PostgreSQL, a process worker, the
deployments applied, the warehouse on PostgreSQL; then a workbook dropped into the inbox and
its rows found in the warehouse.

    .venv/bin/python scripts/production_stack.py            # prove it end to end, then stop
    .venv/bin/python scripts/production_stack.py --serve    # leave server, worker and watcher running

Each run uses its own PostgreSQL databases (dropped afterwards unless --keep) and its own
CADRES_HOME, so it never touches a real installation. Documented in docs/operations.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = os.environ.get("CADRES_STACK_PG", "postgres@127.0.0.1:5432")
POOL = "cadres-process"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def databases(suffix: str, keep: bool) -> Iterator[tuple[str, str]]:
    """A database for Prefect's server (with pg_trgm) and one for the warehouse."""
    names = (f"cadres_prefect_{suffix}", f"cadres_warehouse_{suffix}")
    admin = sa.create_engine(f"postgresql+psycopg://{PG}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        for name in names:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    prefect_db = sa.create_engine(f"postgresql+psycopg://{PG}/{names[0]}", isolation_level="AUTOCOMMIT")
    with prefect_db.connect() as conn:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    prefect_db.dispose()
    try:
        yield names
    finally:
        if not keep:
            with admin.connect() as conn:
                for name in names:
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _start(command: list[str], env: dict[str, str], log: Path, cwd: Path = ROOT) -> subprocess.Popen:
    handle = log.open("w")
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _wait_healthy(api_url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{api_url}/health", timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(1)
    raise TimeoutError(f"Prefect server not healthy at {api_url} after {timeout:.0f} s")


def _prefect(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [str(BIN / "prefect"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0 and "already exists" not in result.stdout + result.stderr:
        raise RuntimeError(f"prefect {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _drop_in_chunks(source: Path, target: Path, chunks: int = 4, pause: float = 0.5) -> None:
    """Copy as a slow upload would: the watcher must wait until the file is complete."""
    data = source.read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    size = -(-len(data) // chunks)
    with target.open("wb") as handle:
        for start in range(0, len(data), size):
            handle.write(data[start : start + size])
            handle.flush()
            time.sleep(pause)


def _wait_for_rows(warehouse_url: str, province: str, timeout: float) -> dict:
    engine = sa.create_engine(warehouse_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with contextlib.suppress(sa.exc.SQLAlchemyError), engine.connect() as conn:
                row = (
                    conn.execute(
                        sa.text(
                            "SELECT s.status, s.rows_loaded, (SELECT SUM(cadres) FROM rpt_cadre_profile "
                            "WHERE province_code = :p) AS cadres FROM rpt_submission_status s "
                            "WHERE s.province_code = :p"
                        ),
                        {"p": province},
                    )
                    .mappings()
                    .first()
                )
                if row is not None:
                    return dict(row)
            time.sleep(2)
    finally:
        engine.dispose()
    raise TimeoutError(f"no rows for province {province} in the warehouse after {timeout:.0f} s")


def _wait_for_empty_inbox(inbox: Path, timeout: float) -> list[str]:
    """The run removes the file after loading and reporting, a few seconds after the rows appear."""
    deadline = time.monotonic() + timeout
    while True:
        left = sorted(p.name for p in inbox.rglob("*") if p.is_file())
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(1)


def _nightly_schedule(env: dict[str, str]) -> tuple[str, str]:
    script = (
        "from prefect.client.orchestration import get_client\n"
        "with get_client(sync_client=True) as c:\n"
        "    d = c.read_deployment_by_name('ingest-inbox/nightly-inbox')\n"
        "    s = d.schedules[0].schedule\n"
        "    print(s.cron + '|' + s.timezone)\n"
    )
    out = (
        subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    cron, timezone = out.split("|")
    return cron, timezone


def _flow_runs(env: dict[str, str]) -> list[str]:
    """Deployments of the runs that started (the scheduler also pre-creates future scheduled runs)."""
    script = (
        "from prefect.client.orchestration import get_client\n"
        "with get_client(sync_client=True) as c:\n"
        "    names = {d.id: d.name for d in c.read_deployments()}\n"
        "    for r in c.read_flow_runs():\n"
        "        if r.state_type is not None and r.state_type.value != 'SCHEDULED':\n"
        "            print('RUN', names.get(r.deployment_id, '-'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=True
    ).stdout
    return sorted(line.split(" ", 1)[1] for line in out.splitlines() if line.startswith("RUN "))


def run(serve: bool = False, keep: bool = False, timeout: float = 240.0) -> dict:
    """Start everything, prove a dropped file reaches the warehouse, and report what was seen."""
    work = Path(tempfile.mkdtemp(prefix="cadres-stack-"))
    suffix = secrets.token_hex(4)
    processes: list[subprocess.Popen] = []
    with databases(suffix, keep) as (prefect_db, warehouse_db):
        port = _free_port()
        api_url = f"http://127.0.0.1:{port}/api"
        warehouse_url = f"postgresql+psycopg://{PG}/{warehouse_db}"
        env = {
            **os.environ,
            "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "PREFECT_HOME": str(work / "prefect-home"),
            "PREFECT_API_URL": api_url,
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"postgresql+asyncpg://{PG}/{prefect_db}",
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(port),
            "CADRES_HOME": str(work / "home"),
            "CADRES_WAREHOUSE_URL": warehouse_url,
            "CADRES_HASH_SECRET": secrets.token_hex(32),
        }
        try:
            processes.append(_start([str(BIN / "prefect"), "server", "start", "--no-ui"], env, work / "server.log"))
            _wait_healthy(api_url, timeout=120)
            _prefect(["work-pool", "create", POOL, "--type", "process"], env)
            # The worker is started from a shell in another folder (PWD says so): the deployments alone
            # must tell it where the flows' code is.
            worker_env = {**env, "PWD": str(work)}
            processes.append(
                _start(
                    [str(BIN / "prefect"), "worker", "start", "--pool", POOL, "--type", "process", "--limit", "2"],
                    worker_env,
                    work / "worker.log",
                    cwd=work,
                )
            )
            _prefect(["--no-prompt", "deploy", "--prefect-file", "deployments/prefect.yaml", "--all"], env)
            schedule = _nightly_schedule(env)
            processes.append(
                _start(
                    [
                        str(BIN / "cadres"),
                        "watch",
                        "--deployment",
                        "ingest-submission/single-file",
                        "--settle-seconds",
                        "3",
                    ],
                    env,
                    work / "watcher.log",
                )
            )

            source = work / "source.xlsx"
            subprocess.run([sys.executable, "-c", _WRITE_WORKBOOK, str(source)], env=env, check=True, timeout=120)
            _drop_in_chunks(source, work / "home" / "inbox" / "08" / "bao-cao-08-2024.xlsx")
            loaded = _wait_for_rows(warehouse_url, "08", timeout=timeout)
            left = _wait_for_empty_inbox(work / "home" / "inbox", timeout=60)
            result = {
                "nightly_schedule": schedule,
                "warehouse": loaded,
                "flow_runs": _flow_runs(env),
                "left_in_inbox": left,
                "work_dir": str(work),
            }
            if serve:
                print(f"Stack running: API {api_url}, warehouse {warehouse_url}; Ctrl-C to stop", flush=True)
                with contextlib.suppress(KeyboardInterrupt):
                    signal.pause()
            return result
        finally:
            for process in reversed(processes):
                _stop(process)
            if not keep:
                shutil.rmtree(work, ignore_errors=True)


_WRITE_WORKBOOK = """
import random, sys
from pathlib import Path
from cadres.demo import write_province_workbook
write_province_workbook(Path(sys.argv[1]), "08", 2024, n_cadres=25, rng=random.Random(8), messy=True, invalid_rows=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", action="store_true", help="keep the stack running after the proof")
    parser.add_argument("--keep", action="store_true", help="keep the databases and work folder")
    parser.add_argument("--timeout", type=float, default=240.0, help="seconds to wait for the rows")
    args = parser.parse_args()
    result = run(serve=args.serve, keep=args.keep, timeout=args.timeout)
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
