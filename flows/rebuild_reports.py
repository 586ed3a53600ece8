"""Flow: refresh the warehouse's reporting layer and publish the national picture as artifacts."""

from __future__ import annotations

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE

from cadres.calendar import expected_submissions
from cadres.settings import get_settings
from tasks.load import is_transient
from warehouse.backend import create_warehouse_engine, read_frame
from warehouse.queries import national_summary
from warehouse.setup import initialise, sync_calendar


@task(
    name="refresh-warehouse",
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=[5, 30, 120],
    retry_condition_fn=is_transient,
)
def refresh_warehouse() -> None:
    """Tables, reference rows and views as the code defines them; the calendar as configured. Retried on a
    database hiccup only: a missing calendar or a wrong URL fails at once (tasks.load.is_transient)."""
    settings = get_settings()
    engine = create_warehouse_engine(settings.resolved_warehouse_url)
    try:
        initialise(engine)
        sync_calendar(engine, expected_submissions(settings.calendar_file))
    finally:
        engine.dispose()


@task(name="publish-national-summary", cache_policy=NO_CACHE)
def publish_national_summary() -> dict[str, int]:
    """Each summary table and the completeness list as a table artifact; returns row counts."""
    engine = create_warehouse_engine(get_settings().resolved_warehouse_url)
    try:
        tables = national_summary(engine)
        with engine.connect() as conn:
            tables["Tính đầy đủ, đúng hạn"] = read_frame(
                conn,
                "SELECT province_code, province_name, report_year, due_date, completeness, status, "
                "files_without_year FROM rpt_completeness ORDER BY report_year, province_code",
            )
    finally:
        engine.dispose()
    for number, (title, frame) in enumerate(tables.items(), start=1):
        create_table_artifact(
            key=f"national-summary-{number}", description=title, table=frame.astype(str).to_dict("records")
        )
    return {title: len(frame) for title, frame in tables.items()}


@flow(name="rebuild-reports")
def rebuild_reports() -> dict[str, int]:
    """Run after code or calendar changes, and nightly after the inbox load."""
    refresh_warehouse()
    counts = publish_national_summary()
    get_run_logger().info("National summary published: %s", counts)
    return counts
