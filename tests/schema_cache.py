"""A migrated SQLite test database, kept between runs and keyed by what the migrations say.

Creating the test database runs every migration (about 4 s of a worker's start, in each worker).
The result depends only on the migration files of the installed apps, Django's version and
SQLite's, so the first run copies the migrated (still empty) database into
``.cache/test-db/<key>.sqlite3`` and later runs copy it back into their in-memory database with
SQLite's backup API instead of migrating. Any change to a migration, to an installed app or to a
library's version makes another key, so a stale schema is never used; the reference data is still
loaded by every run (``tests/conftest.py``). PostgreSQL is migrated as before.

``LANZAROTE_TEST_DB_CACHE=0`` turns the cache off (``scripts/test`` leaves it on; a clean clone,
as in CI, has no cache and migrates).
"""

import hashlib
import os
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = ROOT / ".cache" / "test-db"


def _key() -> str:
    import django
    from django.apps import apps

    digest = hashlib.sha256()
    digest.update(f"{django.__version__} {sqlite3.sqlite_version} {sys.version}".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        digest.update(config.name.encode())
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def install() -> None:
    """Wrap Django's test-database creation for SQLite (once per process)."""
    if os.environ.get("LANZAROTE_TEST_DB_CACHE", "1") == "0":
        return
    from django.conf import settings
    from django.db.backends.base.creation import BaseDatabaseCreation

    create = BaseDatabaseCreation.create_test_db
    if getattr(create, "schema_cache", False):
        return

    def create_test_db(self, verbosity=1, autoclobber=False, serialize=None, keepdb=False):
        # (`serialize` is deprecated by Django: passed on only when a caller gives it)
        options = {} if serialize is None else {"serialize": serialize}
        if self.connection.vendor != "sqlite" or keepdb or serialize:
            return create(self, verbosity, autoclobber, keepdb=keepdb, **options)
        cached = CACHE_DIR / f"{_key()}.sqlite3"
        if not cached.exists():
            name = create(self, verbosity, autoclobber, keepdb=keepdb, **options)
            _store(self.connection.connection, cached)
            return name
        name = self._get_test_db_name()
        self._create_test_db(verbosity, autoclobber, keepdb)
        self.connection.close()
        settings.DATABASES[self.connection.alias]["NAME"] = name
        self.connection.settings_dict["NAME"] = name
        self.connection.ensure_connection()
        source = sqlite3.connect(f"file:{cached}?mode=ro", uri=True)  # never an empty new file
        try:
            source.backup(self.connection.connection)
        finally:
            source.close()
        return name

    create_test_db.schema_cache = True  # type: ignore[attr-defined]
    BaseDatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]


def _store(connection: sqlite3.Connection, path: Path) -> None:
    """Write the migrated database under a temporary name and rename it: a worker reading the
    cache never sees half a file, and two workers writing it at once both write whole files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob("*.sqlite3"):
        if old != path:
            old.unlink(missing_ok=True)  # an earlier schema's copy
    temporary = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
    target = sqlite3.connect(temporary)
    try:
        connection.backup(target)
    finally:
        target.close()
    os.replace(temporary, path)
