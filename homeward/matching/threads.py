"""Running the engine's numpy work on a few threads: the one place that does it.

numpy and BLAS release the GIL, so two threads on two cores halve the wall time of a scan, of
encoding a million workers, or of working out reasons for ten million pairs. `each` runs a
function over parts on a pool (or in this thread when one is asked for or there is one part);
`in_chunks` cuts `range(total)` into chunks for it. While our own threads run, BLAS must not
start threads of its own: `blas_single_threaded`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor


def each(work: Callable, *parts: Iterable, threads: int = 2) -> list:
    """`[work(*args) for args in zip(*parts)]`, on `threads` threads; results in order."""
    items = list(zip(*parts, strict=True))
    if threads > 1 and len(items) > 1:
        with ThreadPoolExecutor(min(threads, len(items))) as pool:
            return list(pool.map(lambda args: work(*args), items))
    return [work(*args) for args in items]


def in_chunks(work: Callable[[int], object], total: int, *, chunk: int, threads: int = 2) -> None:
    """Call `work(start)` for start = 0, chunk, 2·chunk, … below `total`, on `threads` threads.
    Each call writes its own slice of a shared output array."""
    each(work, range(0, total, chunk), threads=threads)


def blas_single_threaded():
    """While scanning on our own threads, BLAS must not start threads of its own (2 × 2 threads
    on 2 cores thrash). threadpoolctl, when installed, does that; else nothing is changed."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")
