"""Command line: run the pipeline's flows, the demo, and read the national summary."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cadres.runtime import configure_prefect
from cadres.settings import Settings, get_settings
from cadres.text import loggable, name_as_sent

if TYPE_CHECKING:
    import pandas as pd

    from cadres.inbox import InboxEntry

app = typer.Typer(
    help="National reporting pipeline for Vietnam's commune cadres.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """The `cadres` command: an error of the setup (a wrong warehouse URL, an invalid setting) is told in
    one line and exits 1; any other error keeps its traceback."""
    from cadres.operator_errors import operator_message
    from cadres.read_marks import forget_marks_when_stopped

    forget_marks_when_stopped()  # a stop (SIGTERM, a closed terminal) during a read is no crash
    try:
        app()
    except Exception as exc:
        said = operator_message(exc)
        if said is None:
            raise
        typer.echo(f"cadres: {said}", err=True)
        raise SystemExit(1) from None


def _preflight() -> None:
    """What a run needs before Prefect starts (15–20 s): the cadre-hash key (CADRES_HASH_SECRET on a
    shared warehouse), so a missing one stops the command at once, before any file is archived."""
    get_settings().cadre_hash_key()


def _print_outcome(outcome: dict) -> None:
    """One line per file; rows count as loaded only when they are in the warehouse (`in_the_warehouse`:
    loaded now or by an earlier copy of the same bytes; a held or left-behind file's are not)."""
    from cadres.inbox import SKIPPED  # here: the CLI's help must not wait for the reader's imports
    from cadres.report import errors_said_as, in_the_warehouse, rows_told

    if outcome.get("status") == SKIPPED:
        typer.echo(f"{loggable(outcome.get('file_name'))}: skipped (another run took it)")
        return
    loaded = "rows loaded" if in_the_warehouse(outcome) else "valid rows (not loaded)"
    valid = rows_told(outcome)["rows_valid"]  # a rejected file's counted apart: it loads none, holds none back
    held = f"{errors_said_as(outcome)} {outcome.get('rows_quarantined')}"
    typer.echo(
        f"{outcome.get('province_code')}/{outcome.get('report_year')} {loggable(outcome.get('file_name'))}: "
        f"{outcome.get('status')} ({outcome.get('warehouse', '-')}), {loaded} {valid}, "
        f"{held}; report {outcome.get('report_html', '-')}"
        + (f"; failed: {loggable(outcome['failure'])}" if outcome.get("failure") else "")
    )


@app.command()
def ingest(
    path: Annotated[Path, typer.Argument(exists=True, help="Workbook (.xlsx/.xls/.ods), .csv, or folder of .csv")],
    province: Annotated[str | None, typer.Option(help="Submitting province (default: the file's inbox folder)")] = None,
    strict: Annotated[
        bool | None, typer.Option(help="Reject the whole file on any row error (default: CADRES_STRICT)")
    ] = None,
    name: Annotated[
        str | None,
        typer.Option(help="The file's name as the province sent it (default: the path's; for an archived copy)"),
    ] = None,
) -> None:
    """Ingest one province submission under Prefect: archive, validate, load, report."""
    _preflight()
    configure_prefect()
    from cadres import inbox
    from flows.ingest_submission import ingest_submission

    outcome = ingest_submission(inbox.as_parameter(path), province=province, strict=strict, file_name=name)
    _print_outcome(outcome)
    if outcome["status"] == "rejected":
        raise typer.Exit(code=2)


@app.command("ingest-inbox")
def ingest_inbox_command(
    inbox_dir: Annotated[Path | None, typer.Argument(help="Inbox folder (default: $CADRES_HOME/inbox)")] = None,
    strict: Annotated[
        bool | None, typer.Option(help="Reject a whole file on any row error (default: CADRES_STRICT)")
    ] = None,
    settle_seconds: Annotated[
        float | None,
        typer.Option(
            help="Leave files changed less than this long ago for the next run (default: CADRES_SETTLE_SECONDS)"
        ),
    ] = None,
) -> None:
    """Ingest every file waiting in inbox/<province>/ under Prefect, oldest first."""
    folder = inbox_dir or get_settings().inbox_dir
    if not folder.is_dir():  # a mistyped path took nothing and said nothing
        typer.echo(f"no inbox at {folder.resolve()}", err=True)
        raise typer.Exit(code=2)
    _preflight()
    configure_prefect()
    from flows.ingest_inbox import FilesFailed, ingest_inbox

    try:
        outcomes = ingest_inbox(str(folder), strict=strict, settle_seconds=settle_seconds)
    except FilesFailed as failed:
        for outcome in failed.outcomes:
            _print_outcome(outcome)
        typer.echo(str(failed), err=True)
        raise typer.Exit(code=1) from failed
    for outcome in outcomes:
        _print_outcome(outcome)
    _print_left_waiting(folder, len(outcomes))


def _print_left_waiting(folder: Path, taken: int) -> None:
    """What the run left in the inbox and why (the flow's own lines are below the console's log level):
    a run that took nothing printed nothing, though files were waiting to settle."""
    from cadres import inbox

    waiting = inbox.pending(folder)
    typer.echo(f"{taken} file(s) taken, {len(waiting)} left in the inbox")
    _print_ages(folder, waiting, "left for the next run")


def _print_not_checked(folder: Path, checked: int, settle_seconds: float | None) -> None:
    """What a dry run of the inbox checked and what it left because it may still be arriving: a run that
    checked nothing printed nothing and exited 0, which a script took for an inbox without problems."""
    from cadres import inbox

    settle = get_settings().settle_seconds if settle_seconds is None else settle_seconds
    typer.echo(f"{checked} file(s) checked")
    _print_ages(folder, inbox.pending(folder), "still arriving: not checked", younger_than=settle)


def _print_ages(folder: Path, entries: list[InboxEntry], told: str, younger_than: float = float("inf")) -> None:
    """Each waiting entry changed less than `younger_than` seconds ago: its path in the inbox, named as
    the province typed it, how long ago it changed, and what became of it (`told`)."""
    import time

    from cadres import inbox

    for entry in entries:
        try:
            age = time.time() - inbox.last_change(entry.path)
        except OSError:  # taken by another run meanwhile
            continue
        if age < younger_than:
            typer.echo(f"  {name_as_sent(str(entry.path.relative_to(folder)))}: changed {age:.0f} s ago, {told}")


def _require_deployment(name: str) -> None:
    """A misspelt deployment or an unreachable server would make every file's run fail one by one, each
    logged and left for the nightly run, while the watcher looked healthy: stop at once instead."""
    from prefect.client.orchestration import get_client
    from prefect.exceptions import ObjectNotFound
    from prefect.settings import get_current_settings

    server = get_current_settings().api.url  # the environment's or the active profile's
    if not server:  # Prefect would start a temporary API, which has no deployments
        typer.echo(
            f"deployment {name!r} cannot be used: no Prefect server is configured; set PREFECT_API_URL to the "
            "server the deployments were made on (docs/operations.md §3), or watch without --deployment",
            err=True,
        )
        raise typer.Exit(1)
    try:
        with get_client(sync_client=True) as client:
            client.read_deployment_by_name(name)
    except ObjectNotFound as exc:
        typer.echo(
            f"deployment {name!r} is not on the server {server}: "
            "deploy deployments/prefect.yaml there first (docs/operations.md §3)",
            err=True,
        )
        raise typer.Exit(1) from exc
    except Exception as exc:  # no server answering: nothing could be started
        typer.echo(f"deployment {name!r} cannot be used: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def watch(
    inbox_dir: Annotated[Path | None, typer.Argument(help="Inbox folder (default: $CADRES_HOME/inbox)")] = None,
    deployment: Annotated[
        str | None, typer.Option(help="Start runs of this deployment (needs a Prefect server); default: in-process")
    ] = None,
    settle_seconds: Annotated[
        float | None,
        typer.Option(help="A file must stay unchanged this long before it runs (default: CADRES_SETTLE_SECONDS)"),
    ] = None,
    polling: Annotated[bool, typer.Option(help="Poll the folder (network shares) instead of OS events")] = False,
) -> None:
    """Watch inbox/<province>/ and ingest each file once it has finished arriving (Ctrl-C to stop)."""
    import logging

    from cadres.watcher import InboxWatcher, make_deployment_submitter, run_in_process

    # Prefect resets the root logger when imported: the watcher logs through a handler of its own.
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    watcher_log = logging.getLogger("cadres.watcher")
    watcher_log.addHandler(handler)
    watcher_log.setLevel(logging.INFO)
    watcher_log.propagate = False
    configure_prefect()
    if deployment:
        _require_deployment(deployment)
    submit = make_deployment_submitter(deployment) if deployment else run_in_process
    settings = get_settings()
    folder = inbox_dir or settings.inbox_dir
    folder.mkdir(parents=True, exist_ok=True)
    settle = settings.settle_seconds if settle_seconds is None else settle_seconds  # as the nightly run waits
    InboxWatcher(folder, submit, settle_seconds=settle, polling=polling).run_forever()


@app.command()
def validate(
    path: Annotated[Path, typer.Argument(exists=True, help="Workbook or CSV folder to check")],
    province: Annotated[str | None, typer.Option(help="Submitting province code")] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the report (default: outbox/dry-run)")] = None,
    strict: Annotated[
        bool | None, typer.Option(help="Reject the whole file on any row error (default: CADRES_STRICT)")
    ] = None,
) -> None:
    """Dry run: the same checks and the same three reports as a real submission; nothing is loaded."""
    from cadres.feedback import dry_run
    from cadres.inbox import folder_province

    target = out or get_settings().outbox_dir / "dry-run"
    result, _, paths = dry_run(path, province or folder_province(path), target, strict)
    if result.status == "rejected" and not result.rows_valid_rejected + result.rows_quarantined:
        counted = "nothing would load (no row was checked)"  # rejected unread, or before its rows were read
    elif result.status == "rejected":  # nothing of it would load: its rows are counted, not held
        counted = f"nothing would load ({result.rows_valid_rejected} valid rows, {result.rows_quarantined} with errors)"
    else:
        counted = f"{result.rows_loaded} rows would load, {result.rows_quarantined} would be held back"
    typer.echo(f"{name_as_sent(path.name)}: {result.status}; {counted}")
    columns = ["severity", "rule", "sheet", "row", "header", "value", "message"]
    if len(result.issues):
        noted = ["detail"] if result.issues["detail"].notna().any() else []  # a problem's own fact, where one has
        typer.echo(result.issues[[*columns[:-1], *noted, columns[-1]]].to_string(index=False))
    typer.echo(f"report: {paths.html}\n        {paths.json}\n        {paths.workbook}")
    if result.status == "rejected":
        raise typer.Exit(code=2)


def _engine(create: bool = False):
    """The configured warehouse, initialised. Unless `create`, an embedded DuckDB file must exist: a
    command run from another folder (the default home 'var' is relative) made a new, empty warehouse
    there and reported "no data", as if the real one were empty."""
    from cadres.settings import ConfigurationError
    from warehouse.backend import create_warehouse_engine, duckdb_file
    from warehouse.setup import initialise

    settings = get_settings()
    file = duckdb_file(settings.resolved_warehouse_url)
    if not create and file is not None and not file.exists():
        where = (
            "CADRES_WAREHOUSE_URL names no file"
            if settings.warehouse_url
            else f"nothing was loaded under CADRES_HOME {settings.home.resolve()}"
        )
        raise ConfigurationError(
            f"no warehouse at {file.resolve()}: {where}; set CADRES_HOME (or CADRES_WAREHOUSE_URL) to the "
            "warehouse you mean, or run `cadres init-warehouse` to make an empty one"
        )
    engine = create_warehouse_engine(settings.resolved_warehouse_url)
    initialise(engine)
    return engine


@contextmanager
def _warehouse(failure: str, refused: tuple[type[Exception], ...]) -> Iterator:
    """An initialised warehouse engine, disposed after; a refusal becomes a message and exit code 2."""
    engine = _engine()
    try:
        yield engine
    except refused as exc:
        typer.echo(f"{failure}: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    finally:
        engine.dispose()


@app.command("validate-inbox")
def validate_inbox_command(
    inbox_dir: Annotated[Path | None, typer.Argument(help="Inbox folder (default: $CADRES_HOME/inbox)")] = None,
    dask_workers: Annotated[int, typer.Option(help="Validate on a local Dask cluster of this many processes")] = 0,
    strict: Annotated[
        bool | None, typer.Option(help="Reject a whole file on any row error (default: CADRES_STRICT)")
    ] = None,
    settle_seconds: Annotated[
        float | None,
        typer.Option(help="Leave files changed less than this long ago (default: CADRES_SETTLE_SECONDS)"),
    ] = None,
) -> None:
    """Dry run of every waiting file, in parallel, under Prefect: reports written, nothing loaded. Exits 2
    when a file would be rejected, as `validate` does for one file (a script checking the inbox learns it)."""
    folder = inbox_dir or get_settings().inbox_dir
    if not folder.is_dir():  # a mistyped path checked nothing and said nothing
        typer.echo(f"no inbox at {folder.resolve()}", err=True)
        raise typer.Exit(code=2)
    configure_prefect()
    from flows.validate_inbox import on_local_dask_cluster, validate_inbox

    flow = on_local_dask_cluster(dask_workers) if dask_workers else validate_inbox
    outcomes = flow(str(folder), strict=strict, settle_seconds=settle_seconds)
    for outcome in outcomes:
        _print_outcome(outcome)
    _print_not_checked(folder, len(outcomes), settle_seconds)
    rejected = sum(outcome.get("status") == "rejected" for outcome in outcomes)
    if rejected:
        typer.echo(f"{rejected} of {len(outcomes)} file(s) would be rejected", err=True)
        raise typer.Exit(code=2)


@app.command()
def approve(
    province: Annotated[str, typer.Argument(help="Province code, e.g. 08")],
    year: Annotated[int, typer.Argument(help="Reporting year")],
) -> None:
    """Approve and lock a province-year: later files are archived and reported but not loaded."""
    from warehouse.approval import ApprovalError
    from warehouse.approval import approve as approve_year

    with _warehouse("không phê duyệt được", (ApprovalError,)) as engine:
        approve_year(engine, province, year)
    typer.echo(f"{province}/{year}: approved and locked")


@app.command()
def unlock(
    province: Annotated[str, typer.Argument(help="Province code, e.g. 08")],
    year: Annotated[int, typer.Argument(help="Reporting year")],
    reason: Annotated[str, typer.Option(help="Why the lock is lifted (recorded in the ledger)")],
    reload: Annotated[bool, typer.Option(help="Load the newest file held while locked")] = True,
) -> None:
    """Lift the lock on a province-year, with a reason; by default load the newest file held meanwhile."""
    from warehouse.approval import ApprovalError, file_name_of
    from warehouse.approval import unlock as unlock_year

    with _warehouse("không mở khóa được", (ApprovalError,)) as engine:
        held = unlock_year(engine, province, year, reason)
        name = file_name_of(engine, held[0]) if held else None
    typer.echo(f"{province}/{year}: unlocked ({len(held)} file(s) held meanwhile)")
    if not held:
        return
    by_hand = f"cadres ingest {held[0]} --province {province}" + (f" --name '{name}'" if name else "")
    if not reload:
        typer.echo(f"the newest held file is not loaded; to load it: {by_hand}")
        return
    try:
        ingest(Path(held[0]), province=province, strict=None, name=name)
    except typer.Exit:
        raise
    except Exception as exc:  # the lock is lifted already: say how to load the held file, which left the inbox
        typer.echo(f"{province}/{year}: the held file was not loaded ({exc}); load it with: {by_hand}", err=True)
        raise typer.Exit(code=1) from exc


@app.command()
def completeness(
    year: Annotated[int | None, typer.Argument(help="Reporting year (default: every year of the calendar)")] = None,
) -> None:
    """Who has submitted, on time or late, and who is missing, per the calendar."""
    from cadres.calendar import expected_submissions
    from warehouse.backend import read_frame
    from warehouse.setup import sync_calendar

    engine = _engine()
    try:
        sync_calendar(engine, expected_submissions(get_settings().calendar_file))
        where = "" if year is None else f"WHERE report_year = {int(year)}"
        with engine.connect() as conn:
            frame = read_frame(
                conn,
                f"SELECT province_code, province_name, report_year, due_date, completeness, status, "
                f"files_without_year, last_file_without_year_at FROM rpt_completeness {where} "
                f"ORDER BY report_year, province_code",
            )
    finally:
        engine.dispose()
    if frame.empty:  # pandas' 'Empty DataFrame' and '0 of 0 missing' said nothing of why
        calendar = get_settings().calendar_file
        said = (
            f"{year} is not in the calendar {calendar}" if year is not None else f"the calendar {calendar} has no year"
        )
        typer.echo(f"{said}: add it to `years` to track it", err=True)
        raise typer.Exit(code=2)
    typer.echo(frame.drop(columns="last_file_without_year_at").to_string(index=False, na_rep=""))  # no 'NaN' status
    waiting = int((frame["completeness"] == "not_yet_due").sum())
    if waiting:
        typer.echo(f"\n{waiting} expected province-year(s) not yet due")
    missing = frame[frame["completeness"] == "missing"]
    typer.echo(
        f"\n{len(missing)} of {len(frame)} expected province-years missing: "
        + ", ".join(f"{r.province_code} ({r.report_year})" for r in missing.itertuples())
    )
    _print_files_without_year(frame)


def _print_files_without_year(frame: pd.DataFrame) -> None:
    """The province-years without a valid report whose province sent, while owing it, workbooks whose year
    could not be read (rpt_completeness): not simply missing, each file told why in its own report."""
    import pandas as pd

    from cadres.calendar import day_in_vietnam

    unread = frame[frame["files_without_year"] > 0]
    if unread.empty:
        return
    typer.echo(
        f"\n{len(unread)} province-year(s) without a valid report whose province sent, while owing it, files "
        "whose year could not be read (each file's report says why): "
        + ", ".join(
            f"{r.province_code} ({r.report_year}: {r.files_without_year}, "
            f"the last on {day_in_vietnam(pd.Timestamp(r.last_file_without_year_at)):%d/%m/%Y})"
            for r in unread.itertuples()
        )
    )


@app.command()
def template(
    year: Annotated[int, typer.Argument(help="Reporting year the template is for")],
    province: Annotated[
        str | None,
        typer.Option(help="Province code: its communes only in the dropdowns (without it: every commune of the year)"),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Output .xlsx (default: mau-bao-cao-<year>[-<province>].xlsx)")
    ] = None,
) -> None:
    """Write the blank workbook for a year from the schemas: headers, notes, dropdowns, ThongTin."""
    from cadres.template import write_template

    target = out or Path(f"mau-bao-cao-{year}{'-' + province if province else ''}.xlsx")
    try:
        write_template(year, target, province_code=province)
    except ValueError as exc:
        typer.echo(f"không tạo được mẫu: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    typer.echo(f"wrote {target}")


@app.command("grant-bi-reader")
def grant_bi_reader_command(
    role: Annotated[str, typer.Option(help="Login role for BI tools")] = "bi_reader",
    person_rows: Annotated[
        bool,
        typer.Option(
            help="Also the per-person tables (dim_cadre, fact_cadre_snapshot, fact_training_attendance); "
            "--no-person-rows for aggregates only"
        ),
    ] = True,
) -> None:
    """PostgreSQL only: a login role that reads the rpt_* views, dimensions and facts (contract §5), never
    schema restricted. Its password comes from CADRES_BI_PASSWORD when set."""
    from warehouse.roles import grant_bi_reader

    with _warehouse("không tạo được quyền", (ValueError,)) as engine:
        grant_bi_reader(engine, role=role, password=get_settings().bi_password, person_rows=person_rows)
    typer.echo(f"role {role} can read the reporting layer" + ("" if person_rows else ", not the per-person tables"))


@app.command()
def rules(
    out: Annotated[Path | None, typer.Option(help="Write the page here instead of printing it")] = None,
) -> None:
    """The rule catalogue as a page: every check's code, severity, message and fix."""
    from schemas.rules import catalogue_markdown

    page = catalogue_markdown()
    if out:
        out.write_text(page, encoding="utf-8")
        typer.echo(f"wrote {out}")
    else:
        typer.echo(page)


@app.command("generate-demo")
def generate_demo_command(
    out_dir: Annotated[Path | None, typer.Argument(help="Where to write (default: $CADRES_HOME/inbox)")] = None,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same workbooks")] = 2026,
) -> None:
    """Write realistic demo workbooks for several provinces and years into inbox/<province>/."""
    from cadres.demo import generate_demo

    for path in generate_demo(out_dir or get_settings().inbox_dir, seed=seed):
        typer.echo(f"wrote {path}")


@app.command()
def summary() -> None:
    """Print the national summary read from the rpt_* views."""
    from warehouse.queries import national_summary

    with _warehouse("không đọc được kho dữ liệu", ()) as engine:
        for title, frame in national_summary(engine).items():
            typer.echo(f"\n== {title} ==")
            typer.echo(frame.to_string(index=False) if len(frame) else "(chưa có dữ liệu)")


@app.command("init-warehouse")
def init_warehouse() -> None:
    """Create the warehouse tables, reference dimensions and reporting views (idempotent)."""
    from tasks.load import hash_held_ids

    engine = _engine(create=True)  # opening the warehouse creates what is missing
    try:
        hash_held_ids(engine)  # a warehouse upgraded from an older release: its held rows' IDs hashed
    finally:
        engine.dispose()
    typer.echo(f"warehouse ready: {get_settings().resolved_warehouse_url}")


DEMO_MANIFEST = ".cadres-demo"
"""In a home the demo ran in: the SHA-256 of every workbook it wrote there, one per line (an older
demo's files, written before a change to the generator, stay its own)."""
_SHA = re.compile(r"^[0-9a-f]{64}")


def _demo_files(settings: Settings, made: list[Path]) -> set[str]:
    """The demo's own files: those it writes now and those it wrote in this home before."""
    from cadres.archive import content_hash

    manifest = settings.home / DEMO_MANIFEST
    before = set(manifest.read_text(encoding="utf-8").split()) if manifest.is_file() else set()
    return before | {content_hash(path) for path in made}


def _foreign_submissions(settings: Settings, demo_files: set[str]) -> list[str]:
    """Files in the home's inbox and archive that are not the demo's own (by SHA-256): real submissions
    the demo must not touch. Every file counts, wherever it lies and whatever its name: `--fresh`
    deletes them all."""
    from cadres.archive import content_hash

    found = []
    for folder in (settings.inbox_dir, settings.archive_dir):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if not path.is_file():
                continue
            named = _archived_sha(path, settings.archive_dir) if folder == settings.archive_dir else None
            if (named or content_hash(path)) not in demo_files:
                found.append(str(path))
    return found


def _archived_sha(path: Path, archive_dir: Path) -> str | None:
    """archive/<aa>/<sha><suffix>, or a file of an archived CSV folder archive/<aa>/<sha>/<name>: the
    name says the content (not for a copy left half made, `.<random>.partial`)."""
    parts = path.relative_to(archive_dir).parts
    named = _SHA.match(parts[1]) if len(parts) >= 2 else None
    return named.group(0) if named else None


def _refuse_demo_beside_real_submissions(settings: Settings, demo_files: set[str]) -> None:
    """The demo's provinces would replace real province-years, and `--fresh` deletes the archive:
    never in a configured warehouse, never in a home (the default `var/` too) holding other files."""
    if settings.warehouse_url is not None:
        typer.echo("demo: CADRES_WAREHOUSE_URL is set; the demo runs only on the embedded DuckDB file", err=True)
        raise typer.Exit(code=2)
    foreign = _foreign_submissions(settings, demo_files)
    warehouse = settings.home / "warehouse.duckdb"
    if (
        warehouse.exists()
        and not (settings.home / DEMO_MANIFEST).exists()
        and not any(settings.archive_dir.glob("*/*"))
    ):
        foreign.append(f"{warehouse} (no archive beside it)")
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        typer.echo(
            f"demo: {settings.home} holds submissions the demo did not create ({shown}); the demo would "
            "delete them or load its made-up provinces among them. Point CADRES_HOME at an empty folder "
            "to run the demo.",
            err=True,
        )
        raise typer.Exit(code=2)


@app.command()
def demo(
    fresh: Annotated[bool, typer.Option(help="Start from an empty inbox, archive and warehouse")] = True,
) -> None:
    """End to end on the embedded DuckDB: generate demo workbooks, ingest them, print the summary."""
    from cadres.demo import generate_demo

    settings = get_settings()
    with tempfile.TemporaryDirectory(prefix="cadres-demo-") as scratch:
        made = generate_demo(Path(scratch))
        demo_files = _demo_files(settings, made)
        _refuse_demo_beside_real_submissions(settings, demo_files)
        if fresh:
            for folder in (settings.inbox_dir, settings.outbox_dir, settings.archive_dir):
                shutil.rmtree(folder, ignore_errors=True)
            (settings.home / "warehouse.duckdb").unlink(missing_ok=True)
        for path in made:
            target = settings.inbox_dir / path.relative_to(scratch)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            typer.echo(f"wrote {target}")
    (settings.home / DEMO_MANIFEST).write_text("\n".join(sorted(demo_files)) + "\n", encoding="utf-8")
    ingest_inbox_command(settings.inbox_dir, settle_seconds=0)  # the demo's files were just written, whole
    summary()


if __name__ == "__main__":
    main()  # `python -m cadres.cli` is the `cadres` command
