"""A long-running process's heartbeat: a small JSON file it rewrites every few seconds, read by
other processes to tell whether it is alive."""

import json
from datetime import datetime, timedelta
from pathlib import Path

# The background worker's heartbeat, in the data folder; older than WORKER_SILENT_AFTER, the
# worker is shown as not seen (it writes one every 10 s).
WORKER_STATE_FILE = "worker.json"
WORKER_SILENT_AFTER = timedelta(minutes=2)


def heartbeat_age(path: Path, *, now: datetime) -> timedelta | None:
    """How long ago the heartbeat in `path` was written; None when there is none to read."""
    try:
        beat = datetime.fromisoformat(json.loads(path.read_text())["heartbeat_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return now - beat
