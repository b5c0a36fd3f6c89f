import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve Lanzarote Monitor with gunicorn (static files are served by the app itself), with "
        "the background worker that reads reply documents beside it."
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
        # The hashed static files must exist before the first page is served.
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(
            f"Lanzarote Monitor on http://{host}:{port}/ (data in {settings.DATA_DIR})"
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
        # The background worker that reads documents runs beside the web server and stops with it.
        worker = subprocess.Popen([sys.executable, "-m", "lanzarote.cli", "worker"])
        try:
            subprocess.run(argv, check=False)
        except KeyboardInterrupt:
            pass
        finally:
            worker.terminate()
            worker.wait(timeout=30)
