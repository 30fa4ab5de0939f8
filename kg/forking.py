"""Process pools forked from a warm parent: the children share the gazetteer and word lists it loaded."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool


@contextmanager
def fork_pool(jobs: int) -> Iterator[Pool]:
    """A pool of `jobs` forked processes, terminated on exit. Meanwhile the parent's objects are frozen
    out of the garbage collector: a child's collections would otherwise write to the pages it shares
    with the parent, and every page written is copied."""
    gc.freeze()
    pool = multiprocessing.get_context("fork").Pool(jobs)
    try:
        yield pool
    finally:
        pool.terminate()
        gc.unfreeze()
