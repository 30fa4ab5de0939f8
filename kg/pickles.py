"""Pickle caches that are a convenience, never a failure: a broken or unwritable entry only costs time."""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """Where parsed data files are cached between processes (`$XDG_CACHE_HOME/fupin-kg`)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "fupin-kg"


def load(path: Path) -> object | None:
    """The cached object, or None when there is none or it cannot be read."""
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
        return None


def save(path: Path, obj: object) -> None:
    """Write `obj` atomically (temporary file, then rename); give up silently when the folder is read-only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


class Spill:
    """Objects parked on disk while a build runs, read back by offset: memory holds the offsets only.

    The file is unlinked as soon as it is made, so it disappears with the process whatever happens."""

    def __init__(self, folder: Path):
        fd, name = tempfile.mkstemp(dir=folder, prefix=".spill.", suffix=".tmp")
        os.unlink(name)
        self._file = os.fdopen(fd, "w+b")

    def put(self, obj: object) -> int:
        offset = self._file.seek(0, os.SEEK_END)
        pickle.dump(obj, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        return offset

    def get(self, offset: int) -> object:
        self._file.seek(offset)
        return pickle.load(self._file)

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
