"""Worker processes forked from a warm parent, and the frozen heap they share with it."""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.pool import Pool

_frozen = 0  # how many frozen_heap blocks are open


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Keep the objects made so far (the gazetteer, the word lists) out of the garbage collector while
    the block runs. They live as long as the build, yet every full collection would walk them again; and
    a forked child's collections would write to the pages it shares with its parent, copying each one.
    Blocks nest: an inner one freezes what was made since, and only the outermost thaws the heap."""
    global _frozen
    gc.freeze()
    _frozen += 1
    try:
        yield
    finally:
        _frozen -= 1
        if not _frozen:
            gc.unfreeze()


@contextmanager
def fork_pool(jobs: int) -> Iterator[Pool]:
    """A pool of `jobs` forked processes over a frozen heap, terminated on exit."""
    with frozen_heap():
        pool = multiprocessing.get_context("fork").Pool(jobs)
        try:
            yield pool
        finally:
            pool.terminate()
