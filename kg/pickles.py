"""Pickle caches that are a convenience, never a failure: a broken or unwritable entry only costs time."""

from __future__ import annotations

import os
import pickle
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
