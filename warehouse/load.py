"""Load one submission: a resubmission replaces its (province, year) in one transaction.

The same bytes again change nothing. A crash anywhere inside leaves the previous state,
because every statement runs in the one transaction that commits at the end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from cadres.text import is_among
from warehouse import schema
from warehouse.backend import bulk_insert, is_duckdb, lock_cadre_history, lock_province_year, read_rows, transaction
from warehouse.keys import surrogate_keys
from warehouse.submission_load import SubmissionLoad

OPEN_END_YEAR = 9999
TRACKED_ATTRIBUTES = [
    "commune_admin_unit_sk",
    "position_sk",
    "staff_group_sk",
    "education_sk",
    "political_theory_sk",
    "is_party_member",
]
"""Changes in these start a new dim_cadre version (type 2)."""


LoadAction = Literal["loaded", "recorded", "held", "unchanged", "stale"]


@dataclass
class LoadResult:
    action: LoadAction
    submission_sk: int
    superseded: list[int]


OVERTAKEN = "a later file of the province-year was already in force"
"""The ledger's note on a file recorded as superseded from the start (never loaded): `_overtaken`."""


def _existing_same_bytes(conn: Connection, sub: dict, locked: bool) -> int | None:
    """The ledger row of this province-year that makes these bytes a no-op: the version in force, or a
    file held while the province-year is still locked. A rejected file is validated again when sent
    again: the folder it was dropped in, strict mode or the rules may differ. The same bytes current
    in another province (dropped in the wrong folder) are this folder's own attempt, recorded."""
    found = conn.execute(
        sa.text(
            "SELECT submission_sk FROM dim_submission WHERE submission_id = :sid "
            "AND province_code = :p AND report_year = :y "
            "AND (is_current OR (status = 'held' AND :locked)) ORDER BY received_at DESC"
        ),
        {"sid": sub["submission_id"], "p": sub["province_code"], "y": sub["report_year"], "locked": locked},
    ).first()
    return None if found is None else int(found[0])


def _record_received_again(conn: Connection, submission_sk: int, sub: dict) -> None:
    """The same bytes sent again after their report change nothing (contract §1), but they were received
    (§4: every received file is recorded): the receipt is an event of the ledger row in force, with the
    name the file came under. The same drop still in the inbox (its name, its report not yet written)
    is no new receipt; a copy under another name is one, even in the same run (a double upload, archived
    before the first's report); a retry of this load after a lost commit records it once."""
    conn.execute(
        sa.text(
            "INSERT INTO submission_event (submission_sk, event, event_at, note) "
            "SELECT :sk, 'received_again', :at, :note "
            "WHERE (EXISTS (SELECT 1 FROM submission_event WHERE submission_sk = :sk AND event = 'reported' "
            "AND event_at < :at) OR NOT EXISTS (SELECT 1 FROM dim_submission WHERE submission_sk = :sk "
            "AND file_name = :name)) AND NOT EXISTS (SELECT 1 FROM submission_event WHERE submission_sk = :sk "
            "AND event = 'received_again' AND event_at = :at)"
        ),
        {
            "sk": submission_sk,
            "at": sub["received_at"],
            "name": sub["file_name"],
            "note": f"same bytes received again as {sub['file_name']}",
        },
    )


def _committed_before(conn: Connection, sub: dict) -> LoadAction | None:
    """What an earlier attempt of this very load did, if it committed: a retry after a connection lost
    on commit finds its own ledger row and must neither fail on it nor record the file twice."""
    found = conn.execute(
        sa.select(schema.dim_submission.c.status).where(schema.dim_submission.c.submission_sk == sub["submission_sk"])
    ).first()
    if found is None:
        return None
    (status,) = found
    if status in ("rejected", "held", "reloaded"):
        return "recorded" if status == "rejected" else "held"
    if status == "superseded" and _was_overtaken(conn, sub["submission_sk"]):
        return "stale"  # recorded as superseded from the start: never loaded, as its first answer said
    return "loaded"  # in force, or replaced by another file since


def _was_overtaken(conn: Connection, submission_sk: int) -> bool:
    found = conn.execute(
        sa.text("SELECT 1 FROM submission_event WHERE submission_sk = :sk AND event = 'superseded' AND note = :note"),
        {"sk": submission_sk, "note": OVERTAKEN},
    ).first()
    return found is not None


def _left_behind(conn: Connection, sub: dict) -> int | None:
    """The ledger row of these bytes in this province-year if they were taken before, a later version
    is (or was) in force since, and their report was never written: the same drop taken again (its
    report failed, so it stayed in the inbox while the province's next file went through), not a
    resend; loading it would put the older content over the newer. That row was loaded and then
    superseded, or held while the year was locked and a later file reloaded at `cadres unlock`. Once
    its report is written, the same bytes sent again are a resend."""
    return _unreported(
        conn, sub, f"s.province_code = :p AND s.report_year = :y AND (s.status = 'superseded' OR ({_HELD_BEFORE}))"
    )


_HELD_BEFORE = (
    "s.status = 'held' AND EXISTS (SELECT 1 FROM dim_submission c WHERE c.province_code = s.province_code "
    "AND c.report_year = s.report_year AND c.is_current AND c.received_at > s.received_at)"
)
"""A ledger row `s` held while its province-year was locked, a file received after it in force since."""


def _held_before_the_version_in_force(conn: Connection, sub: dict) -> int | None:
    """The ledger row of these bytes held in this province-year if a file received after them is in force:
    the operator reloading a held file from the archive after `cadres unlock` (by hand, as the command
    says when it does not reload, or by the unlock itself) while the province's newer file went through
    since the unlock. The reload is no receipt of the province's: the held file is as old as when it
    came, and loaded it would put the older content over the newer (`unlock` offers only files newer
    than the version in force; this says so at the load too). The same bytes sent again by the province
    are a resend: they come through the inbox, not from the archive, and load."""
    return _latest_row(conn, sub, f"s.province_code = :p AND s.report_year = :y AND {_HELD_BEFORE}")


def _overtaken(conn: Connection, sub: dict, first_received_at: dt.datetime | None) -> bool:
    """Whether these bytes, never recorded in this province-year, first reached the pipeline before the
    version in force did: an earlier run took them and failed before its load, so they stayed in the
    inbox while the province's later file went through. Loaded now, the older content would replace the
    newer; like a file left behind it is reported, not loaded (resent after being opened and saved, it
    is new bytes and loads)."""
    if first_received_at is None or first_received_at >= sub["received_at"]:
        return False  # first taken by this very run
    found = conn.execute(
        sa.text(
            "SELECT 1 FROM dim_submission c WHERE c.province_code = :p AND c.report_year = :y AND c.is_current "
            "AND c.received_at > :first AND NOT EXISTS (SELECT 1 FROM dim_submission s "
            "WHERE s.submission_id = :sid AND s.province_code = :p AND s.report_year = :y)"
        ),
        {"p": sub["province_code"], "y": sub["report_year"], "first": first_received_at, "sid": sub["submission_id"]},
    ).first()
    return found is not None


def _record_unloaded(conn: Connection, load: SubmissionLoad, status: str, now: dt.datetime, note: str | None) -> None:
    """The ledger row, events and issue counts of a file whose rows are not loaded (rejected, held, or
    overtaken: superseded from the start): nothing a province sends is lost."""
    sub = load.submission
    row = {**sub, "outcome": sub["status"], "status": status, "is_current": False}
    if status == "superseded":
        row["superseded_at"] = now
    bulk_insert(conn, schema.dim_submission, pd.DataFrame([row]))
    events = [("received", sub["received_at"], sub["file_name"]), (sub["status"], now, None)]
    if status != "rejected":
        events.append((status, now, note))
    record_events(conn, sub["submission_sk"], *events)
    bulk_insert(conn, schema.fact_validation_issue, load.issue_counts)


def _rejection_left_behind(conn: Connection, sub: dict) -> int | None:
    """The ledger row of these bytes rejected in this folder whose report was never noted: the same drop
    taken again (it stayed in the inbox, open elsewhere or its report failed), not recorded a second time.
    Once its report is noted, the same bytes sent again are a new attempt, recorded (see `_left_behind`)."""
    return _unreported(
        conn,
        sub,
        "s.status = 'rejected' AND s.province_code IS NOT DISTINCT FROM :p AND s.report_year IS NOT DISTINCT FROM :y",
    )


def _unreported(conn: Connection, sub: dict, condition: str) -> int | None:
    """The latest ledger row of these bytes meeting `condition` (on `s`, with :p and :y the file's province
    and year) whose report was not noted before this file was received. A report noted after it does not
    count: this run took the file before then, so it is the same drop (a watcher's run that waited for
    the embedded warehouse while the nightly run loaded and reported it), not the bytes sent again."""
    reported_before = (
        "EXISTS (SELECT 1 FROM submission_event e "
        "WHERE e.submission_sk = s.submission_sk AND e.event = 'reported' AND e.event_at < :received)"
    )
    return _latest_row(conn, sub, f"{condition} AND NOT {reported_before}")


def _latest_row(conn: Connection, sub: dict, condition: str) -> int | None:
    """The latest ledger row `s` of these bytes meeting `condition` (with :p and :y the file's province and
    year, :received when it was received)."""
    found = conn.execute(
        sa.text(
            f"SELECT s.submission_sk FROM dim_submission s WHERE s.submission_id = :sid AND {condition} "
            "ORDER BY s.received_at DESC"
        ),
        {
            "sid": sub["submission_id"],
            "p": sub["province_code"],
            "y": sub["report_year"],
            "received": sub["received_at"],
        },
    ).first()
    return None if found is None else int(found[0])


def record_reported(engine: Engine, submission_sk: int) -> None:
    """The province's report of this ledger row is written and its bytes are no longer in the inbox: the
    same bytes arriving after this are sent again on purpose (see `_left_behind`)."""
    with transaction(engine) as conn:
        record_events(conn, submission_sk, ("reported", dt.datetime.now(dt.UTC), None))


def _mark_held_copies_reloaded(conn: Connection, sub: dict, now: dt.datetime) -> None:
    """The same bytes held while the province-year was locked are this file: `cadres unlock` reloads a
    held file from the archive as a new receipt. Its held row becomes 'reloaded', so the file is counted
    once (files received, rows checked, issues) and no later unlock offers it again; so too where the
    reload is rejected (rules stricter since it was held), or every unlock offered it once more."""
    held = [
        int(sk)
        for (sk,) in conn.execute(
            sa.text(
                "SELECT submission_sk FROM dim_submission WHERE submission_id = :sid AND province_code = :p "
                "AND report_year = :y AND status = 'held' AND submission_sk <> :new"
            ),
            {
                "sid": sub["submission_id"],
                "p": sub["province_code"],
                "y": sub["report_year"],
                "new": sub["submission_sk"],
            },
        )
    ]
    for sk in held:
        conn.execute(
            sa.update(schema.dim_submission)
            .where(schema.dim_submission.c.submission_sk == sk)
            .values(status="reloaded")
        )
        again = "loaded" if sub["status"] != "rejected" else "judged rejected"
        record_events(conn, sk, ("reloaded", now, f"{again} again as submission {sub['submission_sk']}"))


def is_locked(conn: Connection, province: str | None, year: int | None) -> bool:
    """A province-year is locked when its latest approval action is an approval."""
    if province is None or year is None:
        return False
    last = conn.execute(
        sa.select(schema.approval.c.action)
        .where(schema.approval.c.province_code == province, schema.approval.c.report_year == year)
        .order_by(schema.approval.c.action_at.desc())
        .limit(1)
    ).scalar()
    return last == "approved"


def record_events(conn: Connection, submission_sk: int, *events: tuple[str, dt.datetime, str | None]) -> None:
    rows = [{"submission_sk": submission_sk, "event": e, "event_at": at, "note": note} for e, at, note in events]
    bulk_insert(conn, schema.submission_event, pd.DataFrame(rows))


def load_submission(engine: Engine, load: SubmissionLoad) -> LoadResult:
    """Record a submission; if it is accepted and its province-year is not locked, make it the
    current version of that province-year."""
    sub = load.submission
    now = dt.datetime.now(dt.UTC)
    with transaction(engine) as conn:
        lock_province_year(conn, sub["province_code"], sub["report_year"])
        if (action := _committed_before(conn, sub)) is not None:
            return LoadResult(action, sub["submission_sk"], [])
        locked = is_locked(conn, sub["province_code"], sub["report_year"])
        existing = _existing_same_bytes(conn, sub, locked)
        if existing is not None:
            _record_received_again(conn, existing, sub)
            return LoadResult("unchanged", existing, [])
        if (earlier := _left_behind(conn, sub)) is not None:
            return LoadResult("stale", earlier, [])
        if load.from_archive and (earlier := _held_before_the_version_in_force(conn, sub)) is not None:
            return LoadResult("stale", earlier, [])
        outcome = sub["status"]
        if outcome != "rejected" and _overtaken(conn, sub, load.first_received_at):
            _record_unloaded(conn, load, "superseded", now, OVERTAKEN)
            return LoadResult("stale", sub["submission_sk"], [])
        if outcome == "rejected" and (earlier := _rejection_left_behind(conn, sub)) is not None:
            return LoadResult("unchanged", earlier, [])
        if outcome == "rejected":
            _record_unloaded(conn, load, "rejected", now, None)
            _mark_held_copies_reloaded(conn, sub, now)  # judged again (stricter rules): never offered again
            return LoadResult("recorded", sub["submission_sk"], [])
        if locked:
            _record_unloaded(conn, load, "held", now, "province-year approved and locked")
            return LoadResult("held", sub["submission_sk"], [])
        lock_cadre_history(conn)
        previous = [
            int(r[0])
            for r in conn.execute(
                sa.text(
                    "SELECT submission_sk FROM dim_submission WHERE province_code = :p AND report_year = :y "
                    "AND is_current"
                ),
                {"p": sub["province_code"], "y": sub["report_year"]},
            )
        ]
        bulk_insert(conn, schema.dim_submission, pd.DataFrame([{**sub, "outcome": outcome, "is_current": True}]))
        received = ("received", sub["received_at"], sub["file_name"])
        record_events(conn, sub["submission_sk"], received, (outcome, now, None))
        _mark_held_copies_reloaded(conn, sub, now)
        bulk_insert(conn, schema.fact_validation_issue, load.issue_counts)
        snapshot = load.rows.get("fact_cadre_snapshot", pd.DataFrame(columns=_SNAPSHOT_COLUMNS))
        _mark_affected_cadres(conn, snapshot["cadre_hash"], previous)
        _plan_from_affected_cadres(conn)
        _retire(conn, previous, sub["province_code"], sub["report_year"], now)
        received_at = _utc(pd.Series(sub["received_at"], snapshot.index))
        new_snapshots = snapshot[_SNAPSHOT_COLUMNS].assign(received_at=received_at)
        versions = cadre_versions(pd.concat([_cadre_history(conn), new_snapshots], ignore_index=True))
        stored = _stored_versions(conn)
        for table in schema.SUBMISSION_SCOPED:
            rows = load.rows.get(table.name, pd.DataFrame())
            if "cadre_sk" in rows:  # the new rows arrive pointing at their version: no update afterwards
                rows = rows.assign(cadre_sk=_version_keys(versions, rows["cadre_hash"], sub["report_year"]))
                if rows["cadre_sk"].isna().any():  # re-pointing finds facts by their version's key
                    raise UnversionedFact(f"{table.name}: {int(rows['cadre_sk'].isna().sum())} rows without a version")
            bulk_insert(conn, table, check_keys(table, rows))
        bulk_insert(conn, schema.dim_course, check_keys(schema.dim_course, _own_courses(load.courses, sub)))
        _replace_cadre_versions(conn, stored, versions, sub["submission_sk"])
        _AFFECTED.drop(conn)
        return LoadResult("loaded", sub["submission_sk"], previous)


def _own_courses(courses: pd.DataFrame, sub: dict) -> pd.DataFrame:
    """The courses, once they are known to be of the province-year just retired: only then does deleting
    that province-year first keep their keys unique (a file naming another province is rejected)."""
    if len(courses):
        others = (courses["province_code"] != sub["province_code"]) | (courses["report_year"] != sub["report_year"])
        if others.any():
            raise DuplicateKey(f"dim_course: courses of another province-year than {sub['province_code']}")
    return courses


class DuplicateKey(ValueError):
    """Rows about to be written repeat a key: a loader bug, never a province's mistake."""


class UnversionedFact(ValueError):
    """A fact's cadre has no version in force in its year: a loader bug (every loaded fact's cadre is in
    the same file's CanBo, rule HOCVIEN.CADRE.UNKNOWN and the cascade see to it)."""


def check_keys(table: sa.Table, rows: pd.DataFrame) -> pd.DataFrame:
    """The rows, once their key is known to be whole and unique among them. Keys of tables the loader
    replaces are not declared on DuckDB (schema.loader_key): rows of the same key are deleted first
    (the province-year, the rewritten cadres) or cannot exist (a new submission), so this check is all
    the uniqueness there is to check."""
    key = [column.name for column in table.primary_key.columns]
    if not key or rows.empty:
        return rows
    broken = rows[key].isna().any(axis=1) | rows.duplicated(key, keep=False)
    if broken.any():
        sample = rows.loc[broken, key].head(3).to_dict("records")
        raise DuplicateKey(f"{table.fullname}: {int(broken.sum())} rows with a missing or repeated key, e.g. {sample}")
    return rows


def _retire(conn: Connection, previous: list[int], province: str, year: int, now: dt.datetime) -> None:
    """Remove the superseded versions' rows; their ledger rows and archived files stay."""
    conn.execute(
        schema.dim_course.delete().where(
            schema.dim_course.c.province_code == province, schema.dim_course.c.report_year == year
        )
    )
    if not previous:
        return
    for table in schema.SUBMISSION_SCOPED:
        conn.execute(table.delete().where(table.c.submission_sk.in_(previous)))
    conn.execute(
        schema.dim_submission.update()
        .where(schema.dim_submission.c.submission_sk.in_(previous))
        .values(status="superseded", is_current=False, superseded_at=now)
    )
    for submission_sk in previous:
        record_events(conn, submission_sk, ("superseded", now, None))


_AFFECTED = sa.Table("tmp_affected_cadre", sa.MetaData(), sa.Column("cadre_hash", sa.Text), prefixes=["TEMPORARY"])
"""The cadres whose history a load changes; lives for one transaction."""
_SNAPSHOT_COLUMNS = [
    "cadre_hash",
    "report_year",
    "submission_sk",
    *TRACKED_ATTRIBUTES,
    "gender_sk",
    "ethnicity_sk",
]


def _mark_affected_cadres(conn: Connection, new_hashes: pd.Series, previous: list[int]) -> None:
    """Remember whose history changes: the cadres of the new version and of the versions it replaces."""
    conn.execute(sa.text(f"DROP TABLE IF EXISTS {_AFFECTED.name}"))
    _AFFECTED.create(conn)
    _set_affected(conn, pd.Series(new_hashes.dropna().unique()), also_of_submissions=previous)


def _plan_from_affected_cadres(conn: Connection) -> None:
    """For the rest of the transaction, PostgreSQL looks rows up from the affected cadres through the
    cadre_hash indexes instead of hashing them against a scan of the whole table. The affected cadres
    are one province's few thousand: the scan grows with every province loaded (reading 3,500 cadres'
    snapshots: 1.6 ms with one province in the warehouse, 25 ms with 34), the lookups do not (6–13 ms),
    so a resubmission costs about the same however full the warehouse is. Without fresh statistics on
    the facts it would also scan every fact for the re-pointing update (and JIT-compile it)."""
    if is_duckdb(conn):
        return
    for setting in ("enable_hashjoin", "enable_mergejoin", "jit"):
        conn.execute(sa.text(f"SET LOCAL {setting} = off"))


def _set_affected(conn: Connection, hashes: pd.Series, also_of_submissions: list[int] | None = None) -> None:
    """The affected cadres from now on: `hashes`, and those with snapshots in `also_of_submissions`."""
    conn.execute(_AFFECTED.delete())
    bulk_insert(conn, _AFFECTED, pd.DataFrame({"cadre_hash": hashes}))
    if also_of_submissions:
        conn.execute(
            sa.text(
                f"INSERT INTO {_AFFECTED.name} SELECT DISTINCT cadre_hash FROM fact_cadre_snapshot "
                f"WHERE submission_sk IN ({', '.join(str(int(s)) for s in also_of_submissions)}) "
                f"AND cadre_hash NOT IN (SELECT cadre_hash FROM {_AFFECTED.name})"
            )
        )
    _analyse_affected(conn)


def _analyse_affected(conn: Connection) -> None:
    """PostgreSQL plans joins with a temporary table it has no statistics for as if it were huge."""
    if not is_duckdb(conn):
        conn.execute(sa.text(f"ANALYZE {_AFFECTED.name}"))


def _cadre_history(conn: Connection) -> pd.DataFrame:
    """The affected cadres' snapshots already in the warehouse (other years, other provinces), each with
    when its submission was received (which of two provinces' reports of one year is the later)."""
    history = read_rows(
        conn,
        f"""
        SELECT {", ".join("f." + c for c in _SNAPSHOT_COLUMNS)}, s.received_at
        FROM fact_cadre_snapshot f JOIN dim_submission s ON s.submission_sk = f.submission_sk
        WHERE f.cadre_hash IN (SELECT cadre_hash FROM {_AFFECTED.name})""",
    )
    history = history.astype({c: "Int64" for c in _SNAPSHOT_COLUMNS if c not in ("cadre_hash", "is_party_member")})
    return history.assign(received_at=_utc(history["received_at"]))


def _utc(moments: pd.Series) -> pd.Series:
    """Instants as UTC timestamps, however the backend or the caller gave them (aware, naive meaning UTC)."""
    return pd.to_datetime(moments, utc=True).astype("datetime64[us, UTC]")


def _stored_versions(conn: Connection) -> pd.DataFrame:
    """The affected cadres' versions as the warehouse holds them before this load."""
    columns = ", ".join(c.name for c in schema.dim_cadre.columns)
    affected = f"SELECT cadre_hash FROM {_AFFECTED.name}"
    return read_rows(conn, f"SELECT {columns} FROM dim_cadre WHERE cadre_hash IN ({affected})")


def _among(hashes: pd.Series, others: pd.Series) -> pd.Series:
    return is_among(hashes, pa.array(others, pa.string(), from_pandas=True))


def _differing_cadres(stored: pd.DataFrame, versions: pd.DataFrame, columns: list[str]) -> pd.Series:
    """Cadres whose versions differ in `columns` between the warehouse and the recomputed history."""
    known = _among(versions["cadre_hash"], stored["cadre_hash"])
    differing = [versions.loc[~known, "cadre_hash"]]  # nothing stored to compare with
    if len(stored):
        as_text = [frame[columns].astype("string").fillna("∅") for frame in (stored, versions[known])]
        both = as_text[0].merge(as_text[1], how="outer", indicator=True)
        differing.append(both.loc[both["_merge"] != "both", "cadre_hash"])
    return pd.concat(differing, ignore_index=True).astype("string").drop_duplicates().reset_index(drop=True)


def _version_keys(versions: pd.DataFrame, hashes: pd.Series, year: int) -> pd.Series:
    """The cadre_sk of the version in force in `year` for each hash (null for a cadre without one),
    looked up in Arrow: a fact table's hashes are tens of thousands of strings."""
    in_force = versions[(versions["valid_from_year"] <= year) & (versions["valid_to_year"] >= year)]
    known = pa.array(in_force["cadre_hash"], pa.string(), from_pandas=True)
    position = pc.index_in(pa.array(hashes, pa.string(), from_pandas=True), value_set=known)
    keys = pc.take(pa.array(in_force["cadre_sk"].to_numpy("int64"), pa.int64()), position)
    return pd.Series(keys.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get).array, index=hashes.index)


def cadre_versions(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Type-2 versions from yearly snapshots: a new version whenever a tracked attribute changes.

    A person reported by two provinces in one year (moved, seconded) has one snapshot in each; the
    history takes the one received last, the latest word about them (ties: the higher submission key),
    so the result depends on when reports arrived, never on the order the loads ran in."""
    if snapshots.empty:
        return pd.DataFrame(columns=[c.name for c in schema.dim_cadre.columns])
    rows = snapshots.sort_values(["cadre_hash", "report_year", "received_at", "submission_sk"])
    rows = rows.drop_duplicates(["cadre_hash", "report_year"], keep="last").reset_index(drop=True)
    tracked = rows[TRACKED_ATTRIBUTES].astype("string").fillna("∅")
    new_person = rows["cadre_hash"].ne(rows["cadre_hash"].shift()).fillna(True).astype(bool)
    changed = new_person | tracked.ne(tracked.shift()).fillna(True).any(axis=1).astype(bool)
    if not changed.all():
        versions = _merge_unchanged_years(rows, changed)
    else:  # every snapshot starts a version (a first load: one year per cadre): nothing to merge
        versions = rows.assign(last_reported_year=rows["report_year"]).rename(
            columns={"report_year": "valid_from_year"}
        )[["cadre_hash", "valid_from_year", *TRACKED_ATTRIBUTES, "gender_sk", "ethnicity_sk", "last_reported_year"]]
    next_from = versions.groupby("cadre_hash")["valid_from_year"].shift(-1)
    versions["valid_to_year"] = (next_from - 1).fillna(OPEN_END_YEAR).astype(int)
    versions["is_current"] = next_from.isna()
    versions["cadre_sk"] = surrogate_keys(versions, ["cadre_hash", "valid_from_year"], "cadre")
    return versions


def _merge_unchanged_years(rows: pd.DataFrame, changed: pd.Series) -> pd.DataFrame:
    """One row per version: consecutive years without a tracked change fold into the first of them."""
    rows = rows.assign(version=changed.astype("int64").cumsum())
    return (
        rows.groupby("version")
        .agg(
            cadre_hash=("cadre_hash", "first"),
            valid_from_year=("report_year", "min"),
            **{name: (name, "first") for name in TRACKED_ATTRIBUTES},
            gender_sk=("gender_sk", "last"),
            ethnicity_sk=("ethnicity_sk", "last"),
            last_reported_year=("report_year", "max"),
        )
        .reset_index(drop=True)
    )


def _replace_cadre_versions(conn: Connection, stored: pd.DataFrame, versions: pd.DataFrame, submission_sk: int) -> None:
    """Write the versions that changed and re-point other submissions' facts where their version did.
    Most loads change no one's earlier history (new cadres, the same people again), so most write no
    update at all: an update rewrites storage, and on PostgreSQL it is the slowest statement of a load."""
    if stored.empty:  # none of these cadres is in the warehouse yet: nothing to delete, nothing to re-point
        bulk_insert(conn, schema.dim_cadre, check_keys(schema.dim_cadre, versions))
        return
    columns = [c.name for c in schema.dim_cadre.columns]
    rewritten = _differing_cadres(stored, versions, columns)
    if len(rewritten):
        _set_affected(conn, rewritten)
        conn.execute(sa.text(f"DELETE FROM dim_cadre WHERE cadre_hash IN (SELECT cadre_hash FROM {_AFFECTED.name})"))
        bulk_insert(
            conn, schema.dim_cadre, check_keys(schema.dim_cadre, versions[_among(versions["cadre_hash"], rewritten)])
        )
    # Facts of other submissions exist only for cadres with versions before and after this load (every
    # loaded attendance row has its cadre in the same file's CanBo): a cadre new to the warehouse or gone
    # from it with the replaced file has none. Only a changed period or key moves their pointer.
    # A cadre whose versions are unchanged in every column is unchanged in these: compare only the rewritten.
    keys = ["cadre_hash", "cadre_sk", "valid_from_year", "valid_to_year"]
    candidates = [frame[_among(frame["cadre_hash"], rewritten)] for frame in (stored, versions)]
    repointed = _differing_cadres(*candidates, keys)
    repointed = repointed[_among(repointed, stored["cadre_hash"]) & _among(repointed, versions["cadre_hash"])]
    if len(repointed):
        _set_affected(conn, repointed)
        replaced = stored.loc[_among(stored["cadre_hash"], repointed), "cadre_sk"].astype("int64").tolist()
        for fact, theirs in _FACTS_OF_AFFECTED_CADRES.items():
            conn.execute(
                sa.text(f"""
                UPDATE {fact} SET cadre_sk = d.cadre_sk
                FROM dim_cadre d
                WHERE d.cadre_hash = {fact}.cadre_hash
                  AND {fact}.report_year BETWEEN d.valid_from_year AND d.valid_to_year
                  AND {theirs}
                  AND {fact}.submission_sk <> :new
                  AND {fact}.cadre_sk IS DISTINCT FROM d.cadre_sk"""),
                {"new": submission_sk, "replaced": replaced},
            )


_FACTS_OF_AFFECTED_CADRES = {
    "fact_cadre_snapshot": f"fact_cadre_snapshot.cadre_hash IN (SELECT cadre_hash FROM {_AFFECTED.name})",
    "fact_training_attendance": "fact_training_attendance.cadre_sk IN (SELECT unnest(CAST(:replaced AS BIGINT[])))",
}
"""How the re-pointing update finds other submissions' facts of the re-pointed cadres, each through an
index PostgreSQL has anyway. Snapshots: by cadre_hash (the index the history is read through).
Attendance: by the keys of those cadres' versions before this load (`replaced`), through a bigint index
on cadre_sk, cheaper to keep up in a bulk load than one on the 64-character hash (the attendance table
is the largest, 17,700 rows per national file: its COPY 86 -> 61-68 ms). Every attendance row is written
with the key of its cadre's version (its cadre is in the same file's CanBo: rule HOCVIEN.CADRE.UNKNOWN
and the cascade; the load refuses a fact without one, UnversionedFact) and re-pointed with it, so the
version keys before the load find all of them."""
