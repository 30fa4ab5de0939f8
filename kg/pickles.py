"""Pickle caches that are a convenience, never a failure: a broken or unwritable entry only costs time."""

from __future__ import annotations

import os
import pickle
import queue
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


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
    _write(path, lambda fh: pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL))


def _write(path: Path, fill: Callable[[BinaryIO], object]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
        with tmp.open("wb") as fh:
            fill(fh)
        os.replace(tmp, path)
    except OSError:
        pass


class BackgroundSaver:
    """`save` on a thread of its own, for many small entries: creating a file waits on the file system
    (a build's 10,000 cache files cost its extraction 1.7 CPU-seconds but up to 8 s), and the
    extraction goes on meanwhile. The objects are pickled at once, so they may change afterwards;
    leaving the `with` block waits for the last write."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[Path, bytes] | None] = queue.Queue(maxsize=256)
        self._thread = threading.Thread(target=self._run, name="kg-cache-writer", daemon=True)
        self._thread.start()

    def save(self, path: Path, obj: object) -> None:
        self._queue.put((path, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)))

    def _run(self) -> None:
        while (item := self._queue.get()) is not None:
            path, data = item
            _write(path, lambda fh, data=data: fh.write(data))

    def __enter__(self) -> BackgroundSaver:
        return self

    def __exit__(self, *exc: object) -> None:
        self._queue.put(None)
        self._thread.join()


class Spill:
    """Bytes parked on disk while a build runs, read back by where they were put: memory holds only
    those places. Reads work from forked processes too (positioned reads share no file offset).

    The file is unlinked as soon as it is made, so it disappears with the process whatever happens."""

    def __init__(self, folder: Path):
        self._fd, name = tempfile.mkstemp(dir=folder, prefix=".spill.", suffix=".tmp")
        os.unlink(name)
        self._end = 0

    def put(self, data: bytes) -> tuple[int, int]:
        data = memoryview(data)
        place = (self._end, len(data))
        while data:
            written = os.pwrite(self._fd, data, self._end)
            data, self._end = data[written:], self._end + written
        return place

    def get(self, place: tuple[int, int]) -> bytes:
        offset, size = place
        return os.pread(self._fd, size, offset)

    def close(self) -> None:
        os.close(self._fd)

    def __enter__(self) -> Spill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
