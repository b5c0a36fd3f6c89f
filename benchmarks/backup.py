"""`lanzarote backup` and `lanzarote restore` on the demonstration data and at a bigger size.

Run (SQLite source; a fresh target for each restore):
    LANZAROTE_DATA_DIR=/tmp/bench-backup .venv/bin/lanzarote up --no-serve --demo
    LANZAROTE_DATA_DIR=/tmp/bench-backup .venv/bin/python benchmarks/backup.py [DOCUMENTS] [PASSAGES]
                                                                  [--postgresql URL] [--writes]

With no DOCUMENTS it measures the data folder as it is. With DOCUMENTS it first adds that many
synthetic documents (a stored file of 1 MB of random bytes each, so they do not compress, and
PASSAGES passages each, default 1,000, with their 768-byte embeddings and a search row), then
measures. The backup is taken by the command line, as an operator would; the restore goes into a
fresh data folder (and, with --postgresql, into a fresh database on that server), timed end to
end, its own `migrate` of the empty database included.
"""

import hashlib
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lanzarote.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from lanzarote.lib.bulk import insert_rows  # noqa: E402
from lanzarote.lib.storage import store_file  # noqa: E402
from lanzarote.replies.models import Document, Passage  # noqa: E402
from lanzarote.search.models import SearchEntry  # noqa: E402

WORDS = [
    "the",
    "child",
    "victim",
    "protection",
    "professional",
    "training",
    "prevention",
    "report",
    "court",
    "police",
    "school",
    "helpline",
    "offence",
    "abuse",
    "exploitation",
    "measure",
    "law",
    "article",
    "party",
    "state",
]


def grow(documents: int, passages: int) -> None:
    rng = random.Random(201)
    now = timezone.now()
    for _ in range(documents):
        data = rng.randbytes(1_000_000)
        digest = hashlib.sha256(data).hexdigest()
        name = f"documents/{digest[:2]}/{digest}.pdf"
        store_file(name=name, data=data, sha256=digest)
        with transaction.atomic():
            document = Document.objects.create(
                sha256=digest,
                file=name,
                kind="pdf",
                content_type="application/pdf",
                size=len(data),
                status="ready",
                pages=passages // 10,
                ready_at=now,
            )
            rows = []
            for index in range(passages):
                text = " ".join(rng.choice(WORDS) for _ in range(40))
                rows.append(
                    (
                        document.pk,
                        index,
                        index // 10 + 1,
                        0,
                        len(text),
                        text,
                        False,
                        "en",
                        rng.randbytes(768),
                    )
                )
            insert_rows(
                Passage,
                [
                    "document",
                    "index",
                    "page",
                    "start",
                    "end",
                    "text",
                    "heading",
                    "language",
                    "embedding",
                ],
                rows,
            )


WRITER = """
import os, sys, time
import django
os.environ["DJANGO_SETTINGS_MODULE"] = "lanzarote.settings"
django.setup()
from django.contrib.auth.models import User
from django.db import transaction
from lanzarote.audit.actions import Action
from lanzarote.audit.services import audit_record
out, stop = sys.argv[1], sys.argv[2]
deadline = time.monotonic() + 600
with open(out, "w", buffering=1) as log:
    k = 0
    while not os.path.exists(stop) and time.monotonic() < deadline:
        k += 1
        started = time.monotonic()
        with transaction.atomic():
            user = User.objects.create(username=f"bench-writer-{os.getpid()}-{k}")
            audit_record(actor=None, actor_label="bench", action=Action.ACCOUNT_INVITE, obj=user)
        log.write(f"{started} {time.monotonic() - started}\\n")
"""


def writes_during_backup(env: dict[str, str], work: Path) -> None:
    """Saves per second and their slowest times, alone for 10 s and while a backup runs."""
    log, stop = work / "writes.log", work / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(log), str(stop)], env=env)
    try:
        time.sleep(15)  # the writer's start, then 10 s alone
        begun = time.monotonic()
        seconds = cli("backup", str(work / "during.zip"), env=env)
        ended = time.monotonic()
    finally:
        stop.touch()
        writer.wait()
    saves = [tuple(map(float, line.split())) for line in log.read_text().splitlines()]
    alone = [d for t, d in saves if begun - 10 <= t < begun]
    during = [d for t, d in saves if begun <= t < ended]
    for label, span, ds in (("alone", 10.0, alone), ("during the backup", ended - begun, during)):
        ds.sort()
        print(
            f"saves {label}: {len(ds) / span:.0f}/s, p50 {1000 * ds[len(ds) // 2]:.0f} ms, "
            f"max {1000 * ds[-1]:.0f} ms"
        )
    print(f"(backup {seconds:.1f} s)")


def cli(*args: str, env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "lanzarote.cli", *args], env=env, check=True)
    return time.monotonic() - started


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    server = sys.argv[sys.argv.index("--postgresql") + 1] if "--postgresql" in sys.argv else None
    if server:
        args = [a for a in args if a != server]
    if args:
        grow(int(args[0]), int(args[1]) if len(args) > 1 else 1000)
    print(
        f"documents {Document.objects.count()}, passages {Passage.objects.count()}, "
        f"search rows {SearchEntry.objects.count()}"
    )
    env = {**os.environ, "LANZAROTE_DATA_DIR": str(settings.DATA_DIR)}
    if "--writes" in sys.argv:
        with tempfile.TemporaryDirectory(dir=Path(settings.DATA_DIR).parent) as work:
            writes_during_backup(env, Path(work))
        return
    with tempfile.TemporaryDirectory(dir=Path(settings.DATA_DIR).parent) as work:
        path = Path(work) / "backup.zip"
        seconds = cli("backup", str(path), env=env)
        print(f"backup: {seconds:.1f} s, {path.stat().st_size / 1e6:.1f} MB")
        target = Path(work) / "sqlite"
        target.mkdir()
        restore_env = {**env, "LANZAROTE_DATA_DIR": str(target)}
        restore_env.pop("DATABASE_URL", None)
        print(f"restore into SQLite: {cli('restore', str(path), env=restore_env):.1f} s")
        if server:
            import psycopg

            name = f"bench_restore_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(server, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            try:
                target = Path(work) / "postgresql"
                target.mkdir()
                url = server.rsplit("/", 1)[0] + "/" + name
                pg_env = {**env, "LANZAROTE_DATA_DIR": str(target), "DATABASE_URL": url}
                print(f"restore into PostgreSQL: {cli('restore', str(path), env=pg_env):.1f} s")
                print(
                    f"backup of PostgreSQL: {cli('backup', str(Path(work) / 'pg.zip'), env=pg_env):.1f} s"
                )
            finally:
                with psycopg.connect(server, autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
