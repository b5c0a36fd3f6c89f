"""A backup of the whole product, taken while it runs, restored on SQLite or PostgreSQL.

The backup is one ZIP file: every table in Django's JSON-lines serialisation (one entry per model,
read inside one read transaction, so the copy is one consistent moment of a database that goes on
being written: a SQLite read transaction, PostgreSQL's REPEATABLE READ), the stored files the
database names, and ``manifest.json``: the migrations the data belongs to, the rows of each model
with a content digest, and each entry's and each file's SHA-256.

A model's digest is the SHA-256 of its row count and of the sum of the SHA-256 of its rows'
serialised lines (order does not count: PostgreSQL and SQLite may order text keys apart), so the
data restored is checked row for row against the data backed up, whatever engine each one runs.

Restore refuses a database holding data unless told to replace it, checks every entry and file
against the manifest before anything is written, loads the rows in one transaction (committed
only when the digests of what the database now holds equal the manifest's), and places the
stored files only after they are staged and checked.
"""

import datetime
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.python import Deserializer
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from lanzarote.core import operations

logger = logging.getLogger(__name__)

FORMAT = "lanzarote-backup"
VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
BATCH = 500
# Rows `migrate` writes into a new database by itself: a database holding only these is empty.
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A backup that cannot be made or restored, said so that an operator can act on it."""


# --- what is backed up ------------------------------------------------------------------------


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages, many-to-many tables included (as models of their own, so a
    row is one line), in a stable order."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _columns(model: type[models.Model]) -> list[str]:
    """The fields a row is written with: its own columns, not its many-to-many relations (their
    tables are backed up as models of their own)."""
    return [f.name for f in model._meta.local_concrete_fields if not f.primary_key]


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps them whole."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _line(row: dict[str, Any]) -> bytes:
    # sorted keys: PostgreSQL's jsonb gives a JSON field's keys back in its own order
    return (json.dumps(row, cls=_ExactEncoder, ensure_ascii=False, sort_keys=True) + "\n").encode()


class _Digest:
    """Order-free digest of a model's rows: the count and the sum of the rows' SHA-256."""

    def __init__(self) -> None:
        self.rows = 0
        self.total = 0

    def add(self, line: bytes) -> None:
        self.rows += 1
        self.total = (self.total + int.from_bytes(hashlib.sha256(line).digest())) % (1 << 256)

    def hexdigest(self) -> str:
        return hashlib.sha256(f"{self.rows}:{self.total:064x}".encode()).hexdigest()


def _rows(model: type[models.Model], using: str) -> Iterator[bytes]:
    """The model's rows as serialised lines, streamed from the database."""
    serializer = PythonSerializer()
    rows = model._base_manager.using(using).order_by("pk").iterator(chunk_size=2000)
    for chunk in _chunks(rows, 2000):
        for row in serializer.serialize(chunk, fields=_columns(model)):
            yield _line(row)


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def database_digests(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, dict[str, Any]]:
    """Each model's row count and digest as the database holds them now (read in the caller's
    transaction)."""
    digests = {}
    for model in backed_up_models():
        digest = _Digest()
        for line in _rows(model, using):
            digest.add(line)
        digests[model._meta.label_lower] = {"rows": digest.rows, "digest": digest.hexdigest()}
    return digests


def _applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    rows = recorder.migration_qs.order_by("id").values_list("app", "name", "applied")
    return [[app, name, applied.isoformat()] for app, name, applied in rows]


def stored_file_names(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every stored file a row of the database names (its file fields), sorted, once each."""
    names: set[str] = set()
    for model in backed_up_models():
        for f in model._meta.local_concrete_fields:
            if isinstance(f, models.FileField):
                values = model._base_manager.using(using).exclude(**{f.name: ""})
                names.update(v for v in values.values_list(f.name, flat=True) if v)
    return sorted(names)


# --- taking a backup ---------------------------------------------------------------------------


@contextmanager
def read_snapshot(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """One transaction that reads a single moment of the database while others write: on SQLite
    a deferred (read) transaction — the product's own transactions take the write lock at once,
    a backup must not —, on PostgreSQL REPEATABLE READ, READ ONLY. Inside a test's transaction
    that transaction is the moment."""
    connection = connections[using]
    connection.ensure_connection()
    mode = getattr(connection, "transaction_mode", None)
    if connection.vendor == "sqlite":
        connection.transaction_mode = "DEFERRED"  # type: ignore[attr-defined]
    try:
        with transaction.atomic(using=using, durable=True):
            outermost = len(connection.atomic_blocks) == 1
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql" and outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                # the first read fixes the moment (SQLite's snapshot starts with it)
                cursor.execute("SELECT COUNT(*) FROM django_content_type")
            yield
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = mode  # type: ignore[attr-defined]


@dataclass
class BackupReport:
    path: Path
    rows: int
    files: int
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0
    size: int = 0


def default_backup_path() -> Path:
    return Path(settings.DATA_DIR) / "backups" / f"lanzarote-{timezone.now():%Y%m%d-%H%M%S}.zip"


def backup_write(
    *,
    path: Path,
    using: str = DEFAULT_DB_ALIAS,
    progress: Callable[[str], None] | None = None,
) -> BackupReport:
    """Write a backup of the database and its stored files to `path` (through a temporary file
    beside it, renamed when whole)."""
    started = time.monotonic()
    _schema_current(using)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        with (
            zipfile.ZipFile(
                temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1
            ) as zf,
            read_snapshot(using),
        ):
            manifest = _write_contents(zf, using=using, progress=progress)
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    return BackupReport(
        path=path,
        rows=sum(m["rows"] for m in manifest["models"].values()),
        files=len(manifest["files"]),
        missing=manifest["missing_files"],
        seconds=time.monotonic() - started,
        size=path.stat().st_size,
    )


def _schema_current(using: str) -> None:
    """A backup is of a database at this version's migrations (its restore needs them)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        missing = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
        raise BackupError(
            f"the database lacks migrations of this version ({missing}"
            f"{', …' if len(plan) > 5 else ''}): run `lanzarote migrate` first, or take the "
            "backup with the version the database was migrated by"
        )


def _write_contents(
    zf: zipfile.ZipFile, *, using: str, progress: Callable[[str], None] | None
) -> dict[str, Any]:
    connection = connections[using]
    record = Path(settings.DATA_DIR) / operations.MARKER_FILE
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "database_identity": operations.database_identity(),
        "database_record": json.loads(record.read_text()) if record.exists() else None,
        "migrations": _applied_migrations(using),
        "models": {},
        "files": {},
        "missing_files": [],
    }
    for model in backed_up_models():
        label = model._meta.label_lower
        entry = f"database/{label}.jsonl"
        digest, whole = _Digest(), hashlib.sha256()
        with zf.open(entry, "w", force_zip64=True) as out:
            for line in _rows(model, using):
                digest.add(line)
                whole.update(line)
                out.write(line)
        manifest["models"][label] = {
            "entry": entry,
            "rows": digest.rows,
            "digest": digest.hexdigest(),
            "sha256": whole.hexdigest(),
        }
        if progress and digest.rows:
            progress(f"{label}: {digest.rows} rows")
    for name in stored_file_names(using=using):
        try:
            source = default_storage.open(name, "rb")
        except (FileNotFoundError, OSError):
            # named by a row, gone from the storage (deleted after this moment, or lost before)
            manifest["missing_files"].append(name)
            logger.warning("backup: the stored file %s named by the database is missing", name)
            continue
        whole, size = hashlib.sha256(), 0
        info = zipfile.ZipInfo(f"files/{name}", date_time=time.localtime()[:6])
        info.compress_type = zipfile.ZIP_STORED  # documents and renderings are mostly compressed
        with source, zf.open(info, "w", force_zip64=True) as out:
            while chunk := source.read(CHUNK):
                whole.update(chunk)
                size += len(chunk)
                out.write(chunk)
        manifest["files"][name] = {"size": size, "sha256": whole.hexdigest()}
    if progress:
        progress(f"{len(manifest['files'])} stored files")
    return manifest


# --- restoring one --------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    rows: int
    files: int
    seconds: float
    created_at: str
    engine: str


def manifest_read(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST))
    except KeyError:
        raise BackupError(
            "this file is not a Lanzarote Monitor backup (no manifest.json)"
        ) from None
    except ValueError as exc:
        raise BackupError(f"the backup's manifest cannot be read: {exc}") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(
            f"this file is not a Lanzarote Monitor backup of format {VERSION} "
            f"(it says {manifest.get('format')!r}, version {manifest.get('version')!r})"
        )
    return manifest


def _schema_matches(manifest: dict[str, Any], using: str) -> None:
    """The backup's data fits this version's models only if it was taken at the same
    migrations: a newer backup needs the newer version; an older one is restored by the version
    that made it, then upgraded with `lanzarote migrate`."""
    loader = MigrationLoader(connections[using], ignore_no_migrations=True, load=True)
    applied = {(app, name) for app, name, _ in manifest["migrations"]}
    unknown = sorted(applied - set(loader.disk_migrations))
    if unknown:
        raise BackupError(
            "the backup was taken by a newer version of Lanzarote Monitor (migrations this "
            f"version does not have: {', '.join('.'.join(m) for m in unknown[:5])}); restore it "
            "with that version"
        )
    behind = sorted(set(loader.graph.leaf_nodes()) - applied)
    if behind:
        raise BackupError(
            "the backup was taken by an older version of Lanzarote Monitor (it lacks the "
            f"migrations {', '.join('.'.join(m) for m in behind[:5])}); restore it with that "
            "version, then upgrade with `lanzarote migrate`"
        )


def _migrate(using: str) -> None:
    """Bring a new (or older) database to this version's schema, the backup's."""
    from django.core.management import call_command
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", database=using, interactive=False, verbosity=0)


def database_holds_data(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The models that hold rows (those `migrate` writes by itself aside)."""
    connection = connections[using]
    tables = set(connection.introspection.table_names())
    return [
        model._meta.label_lower
        for model in backed_up_models()
        if model._meta.label_lower not in MADE_BY_MIGRATE
        and model._meta.db_table in tables
        and model._base_manager.using(using).exists()
    ]


def restore(
    *,
    path: Path,
    using: str = DEFAULT_DB_ALIAS,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> RestoreReport:
    """Restore a backup into the database and the storage. Refuses a database holding data
    unless `replace`; writes nothing unless every entry and file matches the manifest and the
    data loaded has the digests backed up."""
    started = time.monotonic()
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"cannot read the backup {path}: {exc}") from None
    with zf:
        manifest = manifest_read(zf)
        _schema_matches(manifest, using)
        if not replace and (holding := database_holds_data(using=using)):
            raise BackupError(
                f"the database already holds data ({', '.join(holding[:5])}"
                f"{', …' if len(holding) > 5 else ''}); restore into an empty database, or "
                "give --replace to replace everything it holds with the backup"
            )
        say = _timed(progress)
        _entries_verify(zf, manifest)
        say("tables checked against the manifest")
        _migrate(using)
        say("database schema ready")
        staging = Path(tempfile.mkdtemp(dir=_staging_parent(), prefix=".restore-"))
        try:
            _stage_files(zf, manifest, staging)
            say(f"{len(manifest['files'])} stored files staged and checked")
            placed: list[tuple[str, Path | None]] = []
            try:
                with transaction.atomic(using=using, durable=True):
                    rows = _load_database(zf, manifest, using=using, say=say)
                    _migration_times_restore(manifest, using)
                    # placed inside the transaction: if a file cannot be placed, no row is kept
                    placed = _place_files(manifest, staging)
                    say("stored files placed")
            except BaseException:
                _unplace(placed)
                raise
            _drop_replaced(placed)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    if using == DEFAULT_DB_ALIAS:
        operations.database_marker_write(replace=True)
    return RestoreReport(
        rows=rows,
        files=len(manifest["files"]),
        seconds=time.monotonic() - started,
        created_at=manifest["created_at"],
        engine=manifest["engine"],
    )


def _timed(progress: Callable[[str], None] | None) -> Callable[[str], None]:
    """Say what was done and how long it took (restore -v 2)."""
    last = [time.monotonic()]

    def say(what: str) -> None:
        now = time.monotonic()
        if progress:
            progress(f"{what} ({now - last[0]:.1f} s)")
        last[0] = now

    return say


def _staging_parent() -> Path:
    """Where files are staged: beside the stored files when they are on this disk (so placing
    them is a rename), else in the data folder."""
    if isinstance(default_storage, FileSystemStorage):
        root = Path(default_storage.location)
        root.mkdir(parents=True, exist_ok=True)
        return root
    return Path(settings.DATA_DIR)


def _entries_verify(zf: zipfile.ZipFile, manifest: dict[str, Any]) -> None:
    """Every table of the backup has the SHA-256 its manifest says, before anything is written."""
    for label, expected in manifest["models"].items():
        whole = hashlib.sha256()
        try:
            with zf.open(expected["entry"]) as entry:
                while chunk := entry.read(CHUNK):
                    whole.update(chunk)
        except (KeyError, zipfile.BadZipFile) as exc:
            raise BackupError(f"the backup's table {label} is missing or damaged: {exc}") from None
        if whole.hexdigest() != expected["sha256"]:
            raise BackupError(
                f"the backup's table {label} does not match its manifest (damaged or changed)"
            )


def _stage_files(zf: zipfile.ZipFile, manifest: dict[str, Any], staging: Path) -> None:
    """Copy every stored file out of the backup into the staging folder, each checked against
    the manifest's size and SHA-256."""
    for name, expected in manifest["files"].items():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        whole, size = hashlib.sha256(), 0
        try:
            with zf.open(f"files/{name}") as source, open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    whole.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
        except KeyError:
            raise BackupError(f"the backup lacks the stored file {name}") from None
        except zipfile.BadZipFile as exc:
            raise BackupError(f"the stored file {name} is damaged in the backup: {exc}") from None
        if size != expected["size"] or whole.hexdigest() != expected["sha256"]:
            raise BackupError(
                f"the stored file {name} does not match the backup's manifest (damaged or changed)"
            )


def _load_database(
    zf: zipfile.ZipFile,
    manifest: dict[str, Any],
    *,
    using: str,
    say: Callable[[str], None],
) -> int:
    connection = connections[using]
    labels = {model._meta.label_lower: model for model in backed_up_models()}
    if set(manifest["models"]) != set(labels):
        raise BackupError("the backup's tables are not this version's tables")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # a restore over data: checks pending from earlier writes are made before TRUNCATE
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        tables = [model._meta.db_table for model in labels.values()]
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=False):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    total = 0
    for label, model in labels.items():
        expected = manifest["models"][label]
        digest, whole = _Digest(), hashlib.sha256()
        try:
            with zf.open(expected["entry"]) as entry:
                total += _insert_rows(model, _read_lines(entry, digest, whole), using=using)
        except (KeyError, ValueError, DeserializationError, zipfile.BadZipFile) as exc:
            raise BackupError(f"the backup's table {label} cannot be read: {exc}") from None
        if whole.hexdigest() != expected["sha256"] or digest.hexdigest() != expected["digest"]:
            raise BackupError(
                f"the backup's table {label} does not match its manifest (damaged or changed)"
            )
    reset = connection.ops.sequence_reset_sql(no_style(), list(labels.values()))
    with connection.cursor() as cursor:
        for statement in reset:
            cursor.execute(statement)
    say(f"{total} rows loaded")
    # what the database now holds, read back: the same rows as backed up, on any engine
    for label, now in database_digests(using=using).items():
        if now["digest"] != manifest["models"][label]["digest"]:
            raise BackupError(
                f"the table {label} restored differs from the backup ({now['rows']} rows "
                f"against {manifest['models'][label]['rows']}); nothing was restored"
            )
    say("the database read back: every table's digest is the backup's")
    return total


def _read_lines(entry: IO[bytes], digest: _Digest, whole: Any) -> Iterator[dict[str, Any]]:
    for line in entry:
        digest.add(line)
        whole.update(line)
        yield json.loads(line)


def _insert_rows(model: type[models.Model], rows: Iterator[dict[str, Any]], *, using: str) -> int:
    """Insert the rows as they are: each value as its field prepares it for the database (what
    loaddata's raw save does: no field fills itself in, `auto_now` included), one parameterised
    statement sent by batches (Django's insert compiler per batch was half of a restore's time)."""
    connection = connections[using]
    fields = list(model._meta.local_concrete_fields)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(str(f.column)) for f in fields)}) VALUES ({', '.join(['%s'] * len(fields))})"
    )
    count = 0
    objects = (item.object for item in Deserializer(rows, using=using))
    with connection.cursor() as cursor:
        for batch in _chunks(objects, BATCH):
            cursor.executemany(
                sql,
                [
                    [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
                    for obj in batch
                ],
            )
            count += len(batch)
    return count


def _migration_times_restore(manifest: dict[str, Any], using: str) -> None:
    """The migrations keep the times they were applied at: they say which database this is (the
    data folder's record, `database.json`)."""
    recorder = MigrationRecorder(connections[using])
    for app, name, applied in manifest["migrations"]:
        recorder.migration_qs.filter(app=app, name=name).update(
            applied=datetime.datetime.fromisoformat(applied)
        )


def _place_files(manifest: dict[str, Any], staging: Path) -> list[tuple[str, Path | None]]:
    """Move the staged files to their names in the storage; a file already there is moved into
    the staging folder first (put back if the restore fails). Returns what was placed."""
    placed: list[tuple[str, Path | None]] = []
    aside = staging / ".replaced"
    for name in manifest["files"]:
        staged = staging / name
        if isinstance(default_storage, FileSystemStorage):
            target = Path(default_storage.path(name))
            target.parent.mkdir(parents=True, exist_ok=True)
            previous = None
            if target.exists():
                previous = aside / name
                previous.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, previous)
            os.replace(staged, target)
            placed.append((name, previous))
        else:
            if default_storage.exists(name):
                default_storage.delete(name)
            with open(staged, "rb") as source:
                default_storage.save(name, source)
            placed.append((name, None))
    return placed


def _unplace(placed: list[tuple[str, Path | None]]) -> None:
    for name, previous in reversed(placed):
        with suppress(OSError):
            default_storage.delete(name)
            if previous is not None:
                os.replace(previous, default_storage.path(name))


def _drop_replaced(placed: list[tuple[str, Path | None]]) -> None:
    for _, previous in placed:
        if previous is not None:
            with suppress(OSError):
                previous.unlink()
