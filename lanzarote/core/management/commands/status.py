import sys

from django.core.management.base import BaseCommand
from django.utils import timezone

from lanzarote.core import operations


class Command(BaseCommand):
    help = (
        "Say whether the background worker is running (since when, its last heartbeat) and how "
        "many tasks are queued, running and failed; exits with status 1 when the worker has not "
        "been seen for two minutes or more, or never."
    )

    def handle(self, *args, **options):
        state = operations.worker_state()

        def local(moment):
            return f"{timezone.localtime(moment):%Y-%m-%d %H:%M:%S}"

        if state.heartbeat_at is None:
            self.stdout.write("Worker: never seen in this data folder (start `lanzarote serve`).")
        elif not state.seen:
            self.stdout.write(
                f"Worker: NOT SEEN for {state.silent_minutes} minutes (pid "
                f"{state.pid}, last heartbeat {local(state.heartbeat_at)}); "
                "restart it."
            )
        else:
            self.stdout.write(
                f"Worker: running since {local(state.started_at)}"
                f" (pid {state.pid}), last heartbeat "
                f"{local(state.heartbeat_at)}."
            )
        self.stdout.write(
            f"Tasks: {state.queued} queued, {state.running} running, {state.failed} failed."
        )
        if not state.seen:
            sys.exit(1)
