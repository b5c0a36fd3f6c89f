# Shared by scripts/start and scripts/test: find Python >= 3.12 and keep .venv in step with the pins.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${LANZAROTE_VENV:-$ROOT/.venv}"  # LANZAROTE_VENV: another place for the environment

is_suitable() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  local candidate
  for candidate in "${LANZAROTE_PYTHON:-}" python3.14 python3.13 python3.12 python3 \
      "$HOME"/.pyenv/versions/3.1[2-9]*/bin/python3 /usr/local/bin/python3.1[2-9] \
      /usr/bin/python3.1[2-9]; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && is_suitable "$candidate"; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

ensure_venv() {  # $1: requirements file
  local requirements="$ROOT/$1" stamp="$VENV/.installed-$1"
  if [ ! -x "$VENV/bin/python" ] || ! is_suitable "$VENV/bin/python"; then
    local python
    if ! python="$(find_python)"; then
      echo "Lanzarote Monitor needs Python 3.12 or newer, and none was found." >&2
      echo "Install one (e.g. 'pyenv install 3.12' or your system's python3.12 package)," >&2
      echo "or point LANZAROTE_PYTHON at it: LANZAROTE_PYTHON=/path/to/python3.12 $0" >&2
      exit 1
    fi
    echo "Creating .venv with $python ($("$python" --version))"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
  fi
  if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ] || [ "$ROOT/requirements.txt" -nt "$stamp" ] \
      || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
    echo "Installing pinned dependencies from $1"
    # (this machine's pip configuration names local indexes that may be absent: not our error)
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" \
      2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$ROOT" \
      2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
    touch "$stamp"
  fi
}
