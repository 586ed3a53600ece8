"""deployments/prefect.yaml is checked the way `prefect deploy` reads it (which skips bad entries silently)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
import yaml
from prefect.cli.deploy._models import PrefectYamlModel
from prefect.client.schemas.schedules import CronSchedule
from prefect.flows import load_flow_from_entrypoint
from prefect.server.schemas.schedules import CronSchedule as ServerCronSchedule

ROOT = Path(__file__).resolve().parent.parent
PREFECT_YAML = ROOT / "deployments" / "prefect.yaml"


def _config() -> PrefectYamlModel:
    return PrefectYamlModel.model_validate(yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8")))


def test_the_three_deployments_are_declared_on_the_process_pool() -> None:
    config = _config()
    assert [d.name for d in config.deployments] == ["nightly-inbox", "single-file", "report-rebuild"]
    assert {d.work_pool.name for d in config.deployments} == {"cadres-process"}
    assert [d.concurrency_limit for d in config.deployments] == [1, 1, 1]  # as docs/operations.md says


def test_workers_run_the_flows_from_the_checkout_recorded_at_deploy_time() -> None:
    """Without a pull section `prefect deploy` records the checkout's absolute path; a templated one
    (such as "{{ $PWD }}") would be read by each worker at run time, from its own environment."""
    assert "pull" not in yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))


@pytest.mark.parametrize("index", [0, 2])
def test_each_scheduled_entrypoint_loads_and_accepts_its_parameters(index: int) -> None:
    deployment = _config().deployments[index]
    flow = load_flow_from_entrypoint(str(ROOT / deployment.entrypoint))
    flow.validate_parameters(deployment.parameters)


def test_single_file_deployment_takes_the_watchers_parameters() -> None:
    deployment = _config().deployments[1]
    flow = load_flow_from_entrypoint(str(ROOT / deployment.entrypoint))
    flow.validate_parameters({"path": "/srv/inbox/08/bao-cao.xlsx", "province": "08"})


def _raw_schedules(name: str) -> list[dict]:
    raw = yaml.safe_load(PREFECT_YAML.read_text(encoding="utf-8"))
    return next(d for d in raw["deployments"] if d["name"] == name).get("schedules", [])


@pytest.mark.parametrize(
    ("name", "cron", "utc_hour"), [("nightly-inbox", "0 2 * * *", 19), ("report-rebuild", "0 3 * * *", 20)]
)
def test_nightly_runs_are_scheduled_in_vietnam_time(name: str, cron: str, utc_hour: int) -> None:
    (schedule,) = _raw_schedules(name)
    client_schedule = CronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])
    assert (client_schedule.cron, client_schedule.timezone) == (cron, "Asia/Ho_Chi_Minh")
    server_schedule = ServerCronSchedule(cron=schedule["cron"], timezone=schedule["timezone"])
    (next_run,) = asyncio.run(server_schedule.get_dates(n=1, start=dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)))
    assert next_run.astimezone(dt.UTC).replace(tzinfo=None) == dt.datetime(2026, 11, 23, utc_hour, 0)


def test_no_secret_is_written_into_the_deployments() -> None:
    text = PREFECT_YAML.read_text(encoding="utf-8").lower()
    assert "password" not in text and "hash_secret" not in text and "://" not in text
