"""Files stored whole or not at all, and checked before they are trusted.

``store_file`` writes bytes under a name of the default storage — on a local disk through a
temporary file in the same folder, flushed to the disk, checked (size and SHA-256) and only then
renamed; on object storage (S3) in one PUT, which is whole or absent — so the name
never holds a partial file, whatever a full disk or a crash does; a copy already there is kept if
it is intact. ``stored_copy_intact`` checks a stored file against its size and SHA-256 (streamed)
before it is reused or read. ``disk_full`` tells whether an error, or one it was raised from, says
that the disk (or the database on it) is full.
"""

import errno
import hashlib
import logging
import os
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024
_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _write(handle: Any, chunk: bytes | memoryview) -> None:
    handle.write(chunk)  # one place to make the disk fail in tests


def stored_copy_intact(*, name: str, size: int, sha256: str) -> bool:
    """Whether the stored file has the size and the SHA-256 it was stored with (streamed)."""
    digest = hashlib.sha256()
    try:
        if default_storage.size(name) != size:
            return False
        with default_storage.open(name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                digest.update(chunk)
    except (OSError, ValueError):
        return False
    return digest.hexdigest() == sha256


def store_file(*, name: str, data: bytes, sha256: str) -> bool:
    """Store the bytes under ``name`` unless an intact copy is there already; returns whether
    it wrote them. Raises OSError (a full disk included: see ``disk_full``), leaving nothing
    behind."""
    if stored_copy_intact(name=name, size=len(data), sha256=sha256):
        return False
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        _store_object(name=name, data=data)
        return True
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            view = memoryview(data)
            for start in range(0, len(data), CHUNK):
                _write(out, view[start : start + CHUNK])
            out.flush()
            os.fsync(out.fileno())
        if os.path.getsize(temporary) != len(data) or _file_sha256(temporary) != sha256:
            raise OSError(errno.EIO, "the written copy does not match the upload")
        os.replace(temporary, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
        raise
    with suppress(OSError):  # the rename itself reaches the disk
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return True


def _store_object(*, name: str, data: bytes) -> None:
    """Object storage (S3): one PUT is there whole or not at all; a damaged copy is replaced."""
    saved = default_storage.save(name, ContentFile(data))
    if saved != name:
        with suppress(OSError):
            default_storage.delete(saved)
        raise OSError(errno.EIO, f"the storage kept the upload under another name ({saved})")
    if default_storage.size(name) != len(data):
        raise OSError(errno.EIO, "the stored copy does not match the upload")


def stored_names(folder: str) -> Iterator[str]:
    """Every file under ``folder`` of the default storage, subfolders included."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from stored_names(f"{folder}/{sub}")


def files_orphaned(*, folder: str, known: set[str], min_age: timedelta) -> int:
    """Delete the files under ``folder`` that are not ``known`` (named by a row or the history)
    and older than ``min_age`` — what a process killed between storing a file and committing
    its row left, and temporary files of writes cut off; returns how many."""
    from django.utils import timezone

    limit = timezone.now() - min_age
    removed = 0
    for name in list(stored_names(folder)):
        if name in known:
            continue
        try:
            if default_storage.get_modified_time(name) > limit:
                continue  # maybe being written now
            default_storage.delete(name)
        except OSError:
            continue
        logger.warning("removed %s: nothing names it (left by an interrupted upload)", name)
        removed += 1
    return removed


def _file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def disk_full(error: BaseException | None) -> bool:
    """Whether an error says the disk (or the database on it) is full."""
    while error is not None:
        if isinstance(error, OSError) and error.errno in _DISK_FULL_ERRNOS:
            return True
        if isinstance(error, DatabaseError) and any(
            words in str(error).lower()
            for words in ("disk is full", "no space left", "disk full", "database or disk is full")
        ):
            return True
        error = error.__cause__ or error.__context__
    return False
