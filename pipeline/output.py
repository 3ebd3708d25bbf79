"""Writing outputs: reproducibly (same input, same bytes) and atomically.

A file is written to a temporary name beside its destination and renamed over
it only once complete, so a failed or killed build leaves the earlier file as
it was and never a half-written one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from docx.document import Document

from pipeline import ooxml
from pipeline.progress import point

FIXED_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)
"""The timestamp of every output when ``SOURCE_DATE_EPOCH`` is not set."""


def build_time() -> datetime:
    """Return the time written into outputs: ``SOURCE_DATE_EPOCH`` if set, else :data:`FIXED_TIME`."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(datetime.fromtimestamp(int(epoch), tz=timezone.utc), datetime(1980, 1, 1, tzinfo=timezone.utc))
    return FIXED_TIME


def normalised_zip(data: bytes, when: datetime) -> bytes:
    """Return the zip `data` rewritten with every entry stamped `when`, in the same order."""
    out = io.BytesIO()
    stamp = when.astimezone(timezone.utc).timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(item.filename), compresslevel=6)
    return out.getvalue()


_TEMPORARY_SUFFIX = ".tmp"
TEMPORARY = f".*{_TEMPORARY_SUFFIX}"
"""The names :func:`write_atomic` gives files before they are complete: hidden, ending in .tmp."""


def owned(name: str) -> dict[str, str]:
    """Return the ``prefix`` and ``suffix`` of a temporary file or folder for `name`, naming this process as its owner.

    So that a temporary a killed build left where no lock guards it (the
    parts cache, shared by the meetings built into one folder; the system's
    temporary folder) is known to be abandoned: see :func:`sweep_abandoned`.
    """
    return {"prefix": f"{name}.{os.getpid()}.", "suffix": _TEMPORARY_SUFFIX}


def sweep_abandoned(folder: Path, pattern: str = TEMPORARY) -> None:
    """Remove what in `folder` matches `pattern` and was made by :func:`owned` for a process no longer running."""
    for path in folder.glob(pattern) if folder.is_dir() else ():
        owner = path.name[:-len(_TEMPORARY_SUFFIX)].rsplit(".", 2)
        if len(owner) == 3 and owner[1].isdigit() and not _running(int(owner[1])):
            _remove(path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that `path` is only ever the old or the new whole file."""
    with atomic_file(path) as stream:
        stream.write(data)


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Yield a file to write `path`'s new content to; when the block ends, it replaces `path` whole (as :func:`write_atomic`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, **owned(f".{path.name}"))
    try:
        with os.fdopen(handle, "wb") as stream:
            point("writing", path)
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        point("replacing", path)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


@contextmanager
def replacing(folder: Path) -> Iterator[Path]:
    """Yield an empty folder to build into; when the ``with`` block ends, it takes the place of `folder` whole.

    So a folder of outputs is always the result of one build: every file in it
    was written by the same build, and none is left over from an earlier one
    (an old PDF beside new Word files). The new folder is made beside `folder`,
    hidden, and swapped in with one atomic exchange where the system has it
    (Linux's renameat2); elsewhere the old folder is moved aside first. When
    the block raises, the new folder is removed and `folder` is left as it was.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(dir=folder.parent, **owned(f".{folder.name}")))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    os.chmod(stage, 0o755)
    point("swapping", folder)
    if folder.exists() and _exchange(stage, folder):
        shutil.rmtree(stage, ignore_errors=True)  # it holds the old outputs now
    else:
        if folder.exists():
            aside = Path(tempfile.mkdtemp(dir=folder.parent, **owned(f".{folder.name}")))
            os.replace(folder, aside / folder.name)
            shutil.rmtree(aside, ignore_errors=True)
        os.replace(stage, folder)
    _sync_folder(folder.parent)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step; return False where the system cannot (then nothing has moved)."""
    try:
        rename = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_current_folder, exchange = -100, 2
    if rename(at_current_folder, os.fsencode(first), at_current_folder, os.fsencode(second), exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))


@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the lock on building into `folder` for the ``with`` block; sweep what killed builds left.

    A second build into the same folder waits rather than interleaving its
    files with the first's. The lock lives outside the outputs (in the system
    temporary folder) and the kernel releases it when its holder dies, even by
    SIGKILL; temporary files and folders a killed build left behind are
    removed once the lock is held, since no live build can own them then.
    """
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    lock = Path(tempfile.gettempdir()) / f"boardpapers-{key}.lock"
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if folder.is_dir():
                for stale in folder.rglob(TEMPORARY):
                    _remove(stale)
            if folder.parent.is_dir():
                for stale in folder.parent.glob(f".{folder.name}.*{_TEMPORARY_SUFFIX}"):
                    _remove(stale)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; a no-op where folders cannot be opened (Windows)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


@dataclass(frozen=True)
class Properties:
    """The document properties a reader's software shows, and screen readers announce."""

    title: str
    """The document's title."""
    subject: str
    """What it is for, e.g. the committee and date."""
    author: str
    """Who wrote it."""
    language: str = "en-GB"
    """The language of its text."""


def save_document(document: Document, path: Path, properties: Properties) -> None:
    """Write `document` to `path` with `properties`, reproducibly and atomically."""
    write_atomic(path, document_bytes(document, properties))


def document_bytes(document: Document, properties: Properties) -> bytes:
    """Return `document` as a Word file with `properties`, reproducibly: the same document gives the same bytes."""
    when = build_time()
    core = document.core_properties
    core.title = properties.title
    core.subject = properties.subject
    core.author = properties.author
    core.language = properties.language
    core.last_modified_by = "boardpapers"
    core.keywords = core.comments = core.category = ""
    core.created = core.modified = when.replace(tzinfo=None)
    core.revision = 1
    ooxml.stable_list_ids(document)
    stream = io.BytesIO()
    document.save(stream)
    return normalised_zip(stream.getvalue(), when)
