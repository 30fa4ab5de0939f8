"""Atomic writes: readers see the old file or the new one, never a part."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def open_atomic(path: Path, mode: str = "w") -> Iterator[IO]:
    """A file to write in place of `path` ("w" text in UTF-8, or "wb"): it is written beside `path`, flushed
    to disk and renamed over `path` when the block ends, and deleted when the block raises. The file gets
    the usual permissions (umask)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with open(fd, mode, encoding=None if "b" in mode else "utf-8") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write `data` to `path` atomically (see `open_atomic`)."""
    with open_atomic(path, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
