import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from lanzarote.core import operations
from lanzarote.lib import pagecache

from .worker import ALREADY_RUNNING


def site_url(host: str, port: int) -> str:
    """The address links in e-mails use: the one served (a wildcard host by this machine's
    name), unless SITE_URL is set."""
    if configured := os.getenv("SITE_URL"):
        return configured
    if host in ("0.0.0.0", "::", ""):
        host = socket.getfqdn()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def static_fingerprint() -> str:
    """What the collected static files are made from: every source file's path, size and
    modification time, and the storage that collects them."""
    import hashlib

    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256(repr(settings.STORAGES["staticfiles"]).encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda found: found[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def static_collect() -> bool:
    """collectstatic unless the collected files were made from the same sources; True if run."""
    from pathlib import Path

    root = Path(settings.STATIC_ROOT)
    record, fingerprint = root / ".lanzarote-sources", static_fingerprint()
    manifest = root / "staticfiles.json"
    collected = record.exists() and record.read_text() == fingerprint
    if collected and (manifest.exists() or settings.DEBUG):
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    root.mkdir(parents=True, exist_ok=True)
    record.write_text(fingerprint)
    return True


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when `lanzarote serve` dies, even by
    SIGKILL (the worker also watches its parent, for other systems)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class Command(BaseCommand):
    help = (
        "Serve Lanzarote Monitor with gunicorn (static files are served by the app itself), with "
        "the background worker beside it: restarted if it dies, stopped when the server stops."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.getenv("WEB_CONCURRENCY", "2")),
            help="gunicorn worker processes (default: WEB_CONCURRENCY or 2)",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the background worker (run `lanzarote worker`)",
        )

    def handle(self, *args, host, port, workers, no_worker=False, **options):
        if refusal := operations.data_folder_refusal():
            self.stderr.write(refusal)
            sys.exit(1)
        operations.database_marker_write()
        # parts of pages rendered by the code that served before are never served again
        pagecache.everything_bump()
        # The server and its worker read SITE_URL from the environment they inherit.
        os.environ["SITE_URL"] = settings.SITE_URL = site_url(host, port)
        # The hashed static files must exist before the first page is served; collected again
        # only when a source file changed (compressing them all takes minutes on a busy machine).
        static_collect()
        self.stdout.write(
            f"Lanzarote Monitor on http://{host}:{port}/ (data in {settings.DATA_DIR}; "
            f"links in e-mails: {settings.SITE_URL})"
        )
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "lanzarote.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        if no_worker:
            os.execv(sys.executable, argv)
        sys.exit(Supervisor(argv, self.stderr).run())


class Supervisor:
    """Runs the web server and the worker; restarts the worker when it dies (waiting longer each
    time it dies at once), stops both on SIGTERM or SIGINT, and returns the server's status."""

    def __init__(self, server_argv: list[str], log):
        self.server_argv, self.log = server_argv, log
        self.stopping = False

    def _worker(self) -> subprocess.Popen:
        argv = [sys.executable, "-m", "lanzarote.cli", "worker", "--with-parent"]
        return subprocess.Popen(argv, preexec_fn=_die_with_parent, start_new_session=True)

    def _stop(self, signum, frame) -> None:
        self.stopping = True

    def run(self) -> int:
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._stop)
        # Own sessions: Ctrl-C reaches this process alone, which then stops each child once
        # (a second signal makes the worker abandon its task half-way).
        server = subprocess.Popen(
            self.server_argv, preexec_fn=_die_with_parent, start_new_session=True
        )
        worker: subprocess.Popen | None = self._worker()
        started, delay, restart_at = time.monotonic(), 0.5, None
        try:
            while not self.stopping and server.poll() is None:
                time.sleep(0.5)
                if worker is not None and worker.poll() is not None:
                    code, lived = worker.returncode, time.monotonic() - started
                    if code == ALREADY_RUNNING:
                        self.log.write(
                            "Another worker serves this data folder; trying again in 30 s."
                        )
                        delay = 30.0
                    else:
                        delay = 1.0 if lived > 60 else min(delay * 2, 60.0)  # 1, 2, 4 … 60 s
                        self.log.write(
                            f"The background worker stopped (status {code}); "
                            f"restarting it in {delay:.0f} s."
                        )
                    worker, restart_at = None, time.monotonic() + delay
                if worker is None and restart_at is not None and time.monotonic() >= restart_at:
                    worker, started, restart_at = self._worker(), time.monotonic(), None
        finally:
            for process in (server, worker):
                if process is not None and process.poll() is None:
                    process.terminate()
            for process in (server, worker):
                if process is None:
                    continue
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        return server.returncode if server.returncode and server.returncode > 0 else 0
