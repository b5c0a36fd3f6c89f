import os
import subprocess
import sys

import pytest

from lanzarote.cli import COMMANDS


def run(*args, data_dir, **env):
    environment = {**os.environ, "LANZAROTE_DATA_DIR": str(data_dir)}
    environment.pop("DATABASE_URL", None)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "lanzarote.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,  # `up` compresses every static file: minutes on a busy machine
    )


@pytest.mark.slow
def test_lanzarote_without_arguments_lists_its_commands(tmp_path):
    result = run(data_dir=tmp_path)
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.slow
def test_every_command_has_help(tmp_path, command):
    result = run(command, "--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


@pytest.mark.slow
def test_up_prepares_a_fresh_data_folder_and_a_second_run_changes_nothing(tmp_path):
    first = run("up", "--no-serve", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout and "48 treaty statuses" in first.stdout
    assert (tmp_path / "lanzarote.sqlite3").exists()
    assert (tmp_path / "static" / "staticfiles.json").exists()
    second = run("up", "--no-serve", data_dir=tmp_path)
    assert "unchanged since its last load, skipped" in second.stdout


@pytest.mark.slow
def test_createadmin_refuses_a_weak_password(tmp_path):
    assert run("migrate", data_dir=tmp_path).returncode == 0
    result = run("createadmin", "sofia", data_dir=tmp_path, LANZAROTE_ADMIN_PASSWORD="123")
    assert result.returncode != 0
    assert "password refused" in result.stderr
    result = run(
        "createadmin",
        "sofia",
        data_dir=tmp_path,
        LANZAROTE_ADMIN_PASSWORD="a long synthetic passphrase 42",
    )
    assert result.returncode == 0, result.stderr


# --- the process level: one worker, supervised; a bad data folder said in one line ------------


def migrated(tmp_path):
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    result = run("migrate", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def start(*args, data_dir, **env):
    environment = {**os.environ, "LANZAROTE_DATA_DIR": str(data_dir), **env}
    environment.pop("DATABASE_URL", None)
    environment.pop("SITE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "lanzarote.cli", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def worker_pid(data_dir, *, other_than=None, timeout=60):
    """The pid in the worker's heartbeat, once a worker (another than `other_than`) wrote it."""
    import json
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid = json.loads((data_dir / "worker.json").read_text())["pid"]
        except (OSError, ValueError):
            pid = None
        if pid is not None and pid != other_than:
            return pid
        time.sleep(0.2)
    raise AssertionError("no worker wrote its heartbeat")


def gone(pid, timeout=30):
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            # a zombie of ours counts as gone
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(")")[-1].split()[0] == "Z":
                    return True
        except (ProcessLookupError, FileNotFoundError):
            return True
        time.sleep(0.2)
    return False


# collectstatic compresses every file for production (minutes on a busy machine); the debug
# storage copies them
QUICK_STATIC = {"LANZAROTE_DEBUG": "1"}


def free_port():
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_a_second_worker_says_which_one_is_running_and_exits(tmp_path):
    import signal

    data_dir = migrated(tmp_path)
    first = start("worker", data_dir=data_dir)
    try:
        pid = worker_pid(data_dir)
        status = run("status", data_dir=data_dir)
        assert status.returncode == 0 and "Worker: running since" in status.stdout
        assert f"(pid {pid})" in status.stdout and "Tasks: 0 queued" in status.stdout
        second = run("worker", data_dir=data_dir)
        assert second.returncode != 0
        assert f"A worker is already running for the data folder {data_dir} (pid {pid})" in (
            second.stderr
        )
        first.send_signal(signal.SIGKILL)  # the lock goes with the process, however it dies
        first.wait(timeout=10)
        third = start("worker", data_dir=data_dir)
        assert worker_pid(data_dir, other_than=pid) == third.pid
        third.terminate()
        assert third.wait(timeout=30) == 0
    finally:
        first.kill()


@pytest.mark.slow
def test_serve_restarts_its_worker_and_stops_it_when_stopped(tmp_path):
    import signal

    data_dir = migrated(tmp_path)
    port = free_port()
    server = start(
        "serve", "--port", str(port), "--workers", "1", data_dir=data_dir, **QUICK_STATIC
    )
    try:
        first = worker_pid(data_dir)
        os.kill(first, signal.SIGKILL)
        second = worker_pid(data_dir, other_than=first)  # restarted by serve
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
        assert gone(second)
        assert f"links in e-mails: http://127.0.0.1:{port}" in server.stdout.read()
    finally:
        server.kill()


@pytest.mark.slow
def test_a_killed_server_takes_its_worker_and_web_server_with_it(tmp_path):
    import signal
    import socket
    import time

    data_dir = migrated(tmp_path)
    port = free_port()
    server = start(
        "serve", "--port", str(port), "--workers", "1", data_dir=data_dir, **QUICK_STATIC
    )
    try:
        worker = worker_pid(data_dir)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        assert gone(worker)
        deadline = time.monotonic() + 30  # gunicorn stops listening once told (SIGTERM)
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=5).close()
            except OSError:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("the web server still listens after serve was killed")
    finally:
        server.kill()


@pytest.mark.slow
def test_a_missing_data_folder_is_said_in_one_line(tmp_path):
    for command in ("serve", "worker"):
        result = run(command, data_dir=tmp_path / "nowhere")
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0
        assert "does not exist: run `lanzarote up` to create it" in result.stderr
        assert not (tmp_path / "nowhere").exists()


@pytest.fixture
def small_filesystem(tmp_path):
    """A 1 MB filesystem of the test's own (root only), mounted at tmp_path / "disk"."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small filesystem needs root")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.mark.slow
def test_a_read_only_data_folder_is_said_in_one_line(small_filesystem):
    subprocess.run(["mount", "-o", "remount,ro", str(small_filesystem)], check=True)
    for command in ("up", "worker"):
        result = run(command, data_dir=small_filesystem)
        assert result.returncode == 1
        assert result.stderr.strip().count("\n") == 0, result.stderr
        assert f"cannot write in the data folder {small_filesystem} (Read-only file system)" in (
            result.stderr
        )


@pytest.mark.slow
def test_a_full_disk_is_said_in_one_line(small_filesystem):
    (small_filesystem / "filler").write_bytes(b"")
    with open(small_filesystem / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"0" * 65536)
                filler.flush()
        except OSError:
            pass
    result = run("worker", data_dir=small_filesystem)
    assert result.returncode == 1
    assert "is full: free some space" in result.stderr


@pytest.mark.slow
def test_a_data_folder_whose_database_was_deleted_is_refused(tmp_path):
    data_dir = migrated(tmp_path)
    assert run("status", data_dir=data_dir).returncode == 1  # no worker seen yet
    first = start("worker", data_dir=data_dir)  # records which database the folder belongs to
    worker_pid(data_dir)
    first.terminate()
    first.wait(timeout=30)
    (data_dir / "files").mkdir()
    (data_dir / "files" / "reply.pdf").write_bytes(b"%PDF- synthetic")
    (data_dir / "lanzarote.sqlite3").unlink()
    for command in ("worker", "serve", "up"):
        result = run(command, data_dir=data_dir)
        assert result.returncode == 1
        assert "holds 1 stored file(s)" in result.stderr and "a secret key" in result.stderr
        assert "the database" in result.stderr and "is missing or empty" in result.stderr
        assert "lanzarote up --start-afresh" in result.stderr


def test_links_in_e_mails_follow_the_address_served(monkeypatch):
    from lanzarote.core.management.commands.serve import site_url

    monkeypatch.delenv("SITE_URL", raising=False)
    assert site_url("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert site_url("::1", 8000) == "http://[::1]:8000"
    assert site_url("0.0.0.0", 80).startswith("http://") and "0.0.0.0" not in site_url(
        "0.0.0.0", 80
    )
    monkeypatch.setenv("SITE_URL", "https://monitor.example.org")
    assert site_url("127.0.0.1", 8123) == "https://monitor.example.org"  # configured wins


@pytest.mark.slow
def test_a_worker_whose_parent_is_gone_stops(tmp_path):
    import signal

    data_dir = migrated(tmp_path)
    # a parent that does not ask the system to stop its child: the worker has to notice
    environment = {**os.environ, "LANZAROTE_DATA_DIR": str(data_dir)}
    environment.pop("DATABASE_URL", None)
    parent = subprocess.Popen(
        ["/bin/sh", "-c", f"{sys.executable} -m lanzarote.cli worker --with-parent & wait"],
        env=environment,
    )
    try:
        worker = worker_pid(data_dir)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        assert gone(worker)
    finally:
        parent.kill()


@pytest.mark.slow
def test_an_unreachable_database_is_said_in_one_line(tmp_path):
    result = run("worker", data_dir=tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 1
    assert result.stderr.startswith("Cannot reach the database (PostgreSQL database 'none')")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_data_folder_served_before_the_record_and_without_its_database_is_refused(tmp_path):
    data_dir = migrated(tmp_path)  # `migrate` alone records nothing: a folder of an older version
    (data_dir / "static").mkdir()
    (data_dir / "static" / "staticfiles.json").write_text("{}")  # collected: it was served
    (data_dir / "lanzarote.sqlite3").unlink()
    result = run("worker", data_dir=data_dir)
    assert result.returncode == 1
    assert "holds a secret key, but the database" in result.stderr


def test_static_files_are_collected_again_only_when_a_source_changed(
    settings, tmp_path, monkeypatch
):
    from lanzarote.core.management.commands import serve

    collected = []
    monkeypatch.setattr(serve, "call_command", lambda *args, **kwargs: collected.append(args))
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "site.css").write_text("body { color: black }")
    settings.STATICFILES_DIRS = [sources]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.DEBUG = True  # the storage of tests has no manifest
    assert serve.static_collect() and serve.static_collect() is False
    (sources / "site.css").write_text("body { color: navy }")
    assert serve.static_collect()
    assert len(collected) == 2
