"""The parts cache: each part of a pack as made once, by the hash of what shapes it.

Beside a build's outputs, ``OUT/.boardpapers-cache/<key>/`` holds one part:
its files (``part.docx``, ``part.pdf``, the papers it wrote) and ``part.json``
saying what else the build needs to know of it. Entries are written whole
(into a hidden folder renamed into place), so a build killed half way leaves
none half made; an entry no build has used for :data:`KEEP_DAYS` days is removed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from pipeline.output import owned, sweep_abandoned, write_atomic
from pipeline.progress import point

FOLDER = ".boardpapers-cache"
KEEP_DAYS = 14


class Cache:
    """The cache under `out`: ``cache.get(key)``, ``cache.put(key, files, facts)``, ``cache.add(key, files, facts)``."""

    def __init__(self, out: Path) -> None:
        self.folder = out / FOLDER

    def entry(self, key: str) -> Path:
        """Return the folder of the entry `key` (which may not exist)."""
        return self.folder / key

    def get(self, key: str, needs: str = "part.json") -> dict | None:
        """Return the facts of the entry `key` when it holds `needs`, marking it used; else ``None``."""
        entry = self.entry(key)
        try:
            facts = json.loads((entry / "part.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not (entry / needs).is_file():
            return None
        os.utime(entry)
        return facts

    def put(self, key: str, files: dict[str, bytes], facts: dict) -> Path:
        """Write the entry `key` whole, with `files` (name -> bytes) and `facts`; return its folder."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(dir=self.folder, **owned(f".{key}")))
        try:
            for name, data in files.items():
                (stage / name).write_bytes(data)
            (stage / "part.json").write_text(json.dumps(facts, indent=1, sort_keys=True), encoding="utf-8")
            entry = self.entry(key)
            point("caching", entry)
            if entry.exists():
                shutil.rmtree(entry, ignore_errors=True)
            try:
                os.replace(stage, entry)
            except OSError:  # another build wrote the same entry just now: the same content
                if not entry.is_dir():
                    raise
                shutil.rmtree(stage, ignore_errors=True)
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise
        return entry

    def add(self, key: str, name: str, data: bytes, facts: dict) -> Path:
        """Add the file `name` to the existing entry `key`, and `facts` to its facts (the file first)."""
        entry = self.entry(key)
        write_atomic(entry / name, data)
        known = json.loads((entry / "part.json").read_text(encoding="utf-8"))
        write_atomic(entry / "part.json", json.dumps({**known, **facts}, indent=1, sort_keys=True).encode("utf-8"))
        return entry / name

    def prune(self) -> None:
        """Remove the entries no build has used for :data:`KEEP_DAYS` days, and what killed builds left half made."""
        if not self.folder.is_dir():
            return
        sweep_abandoned(self.folder)
        old = time.time() - KEEP_DAYS * 86400
        for entry in self.folder.iterdir():
            try:
                stale = entry.stat().st_mtime < old or (entry.name.startswith(".") and entry.stat().st_mtime < time.time() - 3600)
            except OSError:
                continue
            if stale:
                shutil.rmtree(entry, ignore_errors=True)
            elif entry.is_dir():
                sweep_abandoned(entry)  # a PDF being added when its build was killed
