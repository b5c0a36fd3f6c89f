import os
import subprocess
import sys

import pytest

from lanzarote.cli import COMMANDS


def run(*args, data_dir, **env):
    environment = {**os.environ, "LANZAROTE_DATA_DIR": str(data_dir), **env}
    environment.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "lanzarote.cli", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_lanzarote_without_arguments_lists_its_commands(tmp_path):
    result = run(data_dir=tmp_path)
    assert result.returncode == 0
    for name in COMMANDS:
        assert name in result.stdout


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help(tmp_path, command):
    result = run(command, "--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_up_prepares_a_fresh_data_folder_and_a_second_run_changes_nothing(tmp_path):
    first = run("up", "--no-serve", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "created" in first.stdout and "48 treaty statuses" in first.stdout
    assert (tmp_path / "lanzarote.sqlite3").exists()
    assert (tmp_path / "static" / "staticfiles.json").exists()
    second = run("up", "--no-serve", data_dir=tmp_path)
    assert "unchanged since its last load, skipped" in second.stdout


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
