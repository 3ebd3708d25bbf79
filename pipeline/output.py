"""Writing outputs: reproducibly (same input, same bytes) and atomically.

A file is written to a temporary name beside its destination and renamed over
it only once complete, so a failed or killed build leaves the earlier file as
it was and never a half-written one.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import os
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from docx.document import Document

from pipeline import ooxml

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


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that `path` is only ever the old or the new whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=_TEMPORARY_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)




@contextmanager
def build_lock(folder: Path) -> Iterator[None]:
    """Hold the lock on building into `folder` for the ``with`` block; sweep what killed builds left.

    A second build into the same folder waits rather than interleaving its
    files with the first's. The lock lives outside the outputs (in the system
    temporary folder) and the kernel releases it when its holder dies, even by
    SIGKILL; temporary files a killed build left behind are removed once the
    lock is held, since no live build can own them then.
    """
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    lock = Path(tempfile.gettempdir()) / f"boardpapers-{key}.lock"
    with open(lock, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if folder.is_dir():
                for stale in folder.rglob(TEMPORARY):
                    stale.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


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
    write_atomic(path, normalised_zip(stream.getvalue(), when))
