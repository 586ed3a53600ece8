"""`cadres watch --deployment` stops at once, saying why, when the deployment cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest
from prefect.settings import PREFECT_API_URL, temporary_settings
from typer.testing import CliRunner

from cadres.cli import app

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from cadres.settings import get_settings

    monkeypatch.setenv("CADRES_HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "inbox").mkdir(parents=True)
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


def test_a_deployment_the_server_does_not_have_is_named_so(home: Path) -> None:
    """Against a real (temporary) server: it said 'ObjectNotFound: None'."""
    result = runner.invoke(app, ["watch", "--deployment", "ingest-submission/khong-co"])
    assert result.exit_code == 1
    assert "'ingest-submission/khong-co' is not on the server http" in result.output
    assert "deployments/prefect.yaml" in result.output


def test_a_deployment_without_a_configured_server_is_told_to_set_one(home: Path) -> None:
    """Without PREFECT_API_URL Prefect started a temporary API (15 s), which has no deployments."""
    with temporary_settings(restore_defaults={PREFECT_API_URL}):
        result = runner.invoke(app, ["watch", "--deployment", "ingest-submission/single-file"])
    assert result.exit_code == 1
    assert "no Prefect server is configured; set PREFECT_API_URL" in result.output
