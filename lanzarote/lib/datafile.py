"""JSON data files read and checked: every error names the file and the entry.

The one reader of the reference data files (and of any JSON file a loader checks): a file that
is missing or not UTF-8 JSON, an entry with an unknown or a missing key, a duplicate id, an empty
text where one is required (a missing translation) or a malformed date stops the reader with a
`DataFileError` whose message is ``<file>: <entry>: <problem>``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

from lanzarote.lib.dates import DateFormatError, PartialDate


class DataFileError(ValueError):
    """A data file is wrong. The message names the file and the entry."""

    def __init__(self, file: Path | str, entry: str, problem: str):
        self.file, self.entry, self.problem = str(file), entry, problem
        super().__init__(f"{file}: {entry}: {problem}")


def json_file_problem(path: Path) -> tuple[Any, str]:
    """Read a UTF-8 JSON file: ``(data, "")``, or ``(None, problem)`` saying in words what is
    wrong with it, for readers that word their errors themselves."""
    try:
        return json.loads(path.read_text(encoding="utf-8")), ""
    except FileNotFoundError:
        return None, "no such file"
    except UnicodeDecodeError as error:
        return None, f"not UTF-8 text ({error.reason})"
    except json.JSONDecodeError as error:
        return None, f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"


def key_problem(
    obj: Any,
    allowed: Iterable[str],
    required: Iterable[str] = (),
    *,
    name: Callable[[str], str] = repr,
    list_allowed: bool = False,
) -> str | None:
    """What is wrong with an entry that must be an object with only ``allowed`` and all
    ``required`` keys, or None. The one key check of every JSON file read: reference data
    quotes the keys; labelled sets, written by hand, name them bare and list the allowed ones."""
    if not isinstance(obj, dict):
        return f"expected an object, found {type(obj).__name__}"
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        hint = f"; allowed: {', '.join(map(name, sorted(allowed)))}" if list_allowed else ""
        return f"unknown key(s) {', '.join(map(name, unknown))}{hint}"
    missing = sorted(k for k in required if k not in obj)
    if missing:
        return f"missing key(s) {', '.join(map(name, missing))}"
    return None


class DataFile:
    """One JSON file, with the checks that name it in every error.

    ``relative`` is the name errors give (the path from ``root``); ``data`` the parsed JSON;
    ``raw`` its bytes (for a checksum)."""

    def __init__(self, root: Path, relative: Path | str):
        self.relative = Path(relative)
        self.path = root / self.relative
        if not self.path.exists():
            raise DataFileError(self.relative, "(file)", "missing")
        self.raw = self.path.read_bytes()
        try:
            self.data = json.loads(self.raw.decode("utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            where = f"line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else "(file)"
            raise DataFileError(self.relative, where, f"not valid UTF-8 JSON: {exc}") from None

    def error(self, entry: str, problem: str) -> DataFileError:
        return DataFileError(self.relative, entry, problem)

    def keys(self, obj: Any, entry: str, allowed: Iterable[str], required: Iterable[str] = ()):
        """``obj`` itself, once checked to be an object with only allowed and all required keys."""
        problem = key_problem(obj, allowed, required)
        if problem:
            raise self.error(entry, problem)
        return obj

    def unique(self, seen: set, value: Hashable, entry: str, problem: str = "duplicate id"):
        """Record ``value`` in ``seen``; a value seen before stops the reader."""
        if value in seen:
            raise self.error(entry, problem)
        seen.add(value)

    def date(self, value: Any, entry: str, what: str) -> PartialDate | None:
        try:
            return PartialDate.parse_optional(value)
        except DateFormatError as exc:
            raise self.error(entry, f"{what}: {exc}") from None

    def text(self, value: Any, entry: str, what: str, *, required: bool = True) -> str:
        """A stripped text; a required one (e.g. each language of a translated text) must not
        be empty."""
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.error(entry, f"{what} must be a non-empty text")
        return value.strip()


class DataFolder:
    """The files of one data set: its folder's required and optional files, and the files it
    shares with other data sets (relative to the root). Each is read once; the checksum covers
    the required files, then the shared ones, then the optional ones, each in reading order."""

    def __init__(self, root: Path, folder: Path | str):
        self.root, self.folder = root, Path(folder)
        self._files: dict[str, list[DataFile]] = {"required": [], "shared": [], "optional": []}
        self._read: dict[Path, DataFile] = {}

    def _open(self, group: str, relative: Path) -> DataFile:
        if relative not in self._read:
            self._read[relative] = DataFile(self.root, relative)
            self._files[group].append(self._read[relative])
        return self._read[relative]

    def required(self, name: str) -> DataFile:
        """``<folder>/<name>``; a missing file stops the reader."""
        return self._open("required", self.folder / name)

    def has(self, name: str) -> bool:
        """Whether ``<folder>/<name>`` exists (without reading it)."""
        return (self.root / self.folder / name).exists()

    def optional(self, name: str) -> DataFile | None:
        relative = self.folder / name
        return self._open("optional", relative) if (self.root / relative).exists() else None

    def shared(self, relative: Path | str) -> DataFile:
        return self._open("shared", Path(relative))

    def checksum(self) -> str:
        digest = hashlib.sha256()
        for group in ("required", "shared", "optional"):
            for data_file in self._files[group]:
                digest.update(str(data_file.relative).encode() + b"\0" + data_file.raw + b"\0")
        return digest.hexdigest()


# The writer of a loader: (model, lookup, values) -> the record, created or updated.
Upsert = Callable[..., Any]
