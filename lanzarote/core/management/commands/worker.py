import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from lanzarote.core import operations

ALREADY_RUNNING = 3  # the exit status `lanzarote serve` reads: wait, do not start another


class Command(BaseCommand):
    help = (
        "Run the background worker (django-tasks-db's db_worker, every queue): it reads reply "
        "documents, embeds them and renders publications. One per data folder: a second one "
        "says which is running and exits. At start and every few minutes it re-queues what a "
        "dead worker left half-done, removes orphan files and deletes old task results; it "
        "writes a heartbeat the Secretariat sees at /system/. `lanzarote serve` starts one "
        "beside the web server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-parent",
            action="store_true",
            help="stop when the process that started it stops (used by `lanzarote serve`)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between two looks at an empty queue (default 1)",
        )

    def handle(self, *args, with_parent=False, interval=1.0, **options):
        if refusal := operations.data_folder_refusal():
            self.stderr.write(refusal)
            sys.exit(1)
        operations.database_marker_write()
        data_dir = settings.DATA_DIR
        try:
            self._lock = operations.worker_lock(data_dir)
        except operations.WorkerAlreadyRunning as running:
            pid = f" (pid {running.pid})" if running.pid else ""
            self.stderr.write(
                f"A worker is already running for the data folder {data_dir}{pid}; one is "
                "enough. Stop it first to start another."
            )
            sys.exit(ALREADY_RUNNING)
        worker_id = operations.worker_id_new()
        done = operations.worker_maintain(worker_id=worker_id, at_start=True)
        if any(done.values()):
            self.stdout.write(
                "Left by a stopped worker: "
                + ", ".join(f"{name.replace('_', ' ')} {n}" for name, n in done.items() if n)
            )
        heartbeat = operations.Heartbeat(
            data_dir=data_dir, worker_id=worker_id, parent_pid=os.getppid() if with_parent else None
        )
        heartbeat.start()
        self.stdout.write(f"Worker {worker_id} serving every queue (data in {data_dir})")
        self.stdout.flush()
        try:
            call_command(
                "db_worker",
                queue_name="*",
                worker_id=worker_id,
                interval=interval,
                reload=False,
                startup_delay=False,
                verbosity=options["verbosity"],
            )
        finally:
            heartbeat.stopping.set()
            heartbeat.join(timeout=5)
            operations.heartbeat_stopped(data_dir=data_dir)
