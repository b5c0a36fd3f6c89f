"""`lanzarote backup` and `lanzarote restore` on the demonstration data and at a bigger size.

Run (SQLite source; a fresh target for each restore):
    LANZAROTE_DATA_DIR=/tmp/bench-backup .venv/bin/lanzarote up --no-serve --demo
    LANZAROTE_DATA_DIR=/tmp/bench-backup .venv/bin/python benchmarks/backup.py [DOCUMENTS] [PASSAGES]
                                                                  [--postgresql URL]

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
