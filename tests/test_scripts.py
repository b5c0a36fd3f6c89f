"""The setup scripts find a suitable Python, or say clearly that there is none."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_without_python_312_the_setup_stops_with_a_clear_message(tmp_path):
    # A machine whose only Python is too old: a stub `python3` that fails the version check,
    # no pyenv in HOME, nothing else on PATH.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python3").write_text("#!/bin/sh\nexit 1\n")
    (bin_dir / "python3").chmod(0o755)
    (bin_dir / "dirname").symlink_to("/usr/bin/dirname")
    system_pythons = [
        p for d in ("/usr/bin", "/usr/local/bin") for p in Path(d).glob("python3.1[2-9]")
    ]
    assert not system_pythons, "this check needs a machine without a system Python >= 3.12"
    environment = {
        "PATH": str(bin_dir),
        "HOME": str(tmp_path / "home"),
        "LANZAROTE_VENV": str(tmp_path / "venv"),
    }
    script = f'source "{ROOT}/scripts/_env.sh" && ensure_venv requirements.txt'
    result = subprocess.run(
        ["/bin/bash", "-c", script], env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "needs Python 3.12 or newer" in result.stderr
    assert "LANZAROTE_PYTHON" in result.stderr
    assert not (tmp_path / "venv").exists()
