"""Run work on every core: forked worker processes that inherit what they read.

``on_cores`` maps a function over indices on every core (only indices go out, results come
back); ``beside`` runs one function in a process of its own while this one goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from typing import TypeVar

T = TypeVar("T")

_job: Callable[[int], object] | None = None  # what forked workers run: inherited, never pickled
PARALLEL_FROM = 64  # fewer items than this are not worth forking for


def _run_job(i: int) -> object:
    assert _job is not None
    return _job(i)


def on_cores(
    workers: int,
    fn: Callable[[int], T],
    n: int,
    chunk: int = 0,
    progress: Callable[[int], None] | None = None,
) -> list[T]:
    """``[fn(0), ..., fn(n - 1)]``, on every core when there are at least ``PARALLEL_FROM`` items.

    The workers are forked, so ``fn`` and the data it reads are inherited rather than sent;
    only indices go out and results come back. ``progress(done)`` follows each result.
    ``workers``: processes to use, 0 for one per core.
    """
    global _job
    workers = workers or os.cpu_count() or 1
    context = _fork()
    parallel = n >= PARALLEL_FROM and workers > 1 and context is not None
    out: list[T] = []
    _job = fn
    try:
        with ProcessPoolExecutor(workers, mp_context=context) if parallel else nullcontext() as pool:
            size = chunk or max(1, n // (workers * 8))
            results = pool.map(_run_job, range(n), chunksize=size) if pool else map(fn, range(n))
            for result in results:
                out.append(result)  # type: ignore[arg-type]
                if progress:
                    progress(len(out))
    finally:
        _job = None
    return out


def beside(fn: Callable[..., T], *args: object, inline: bool = False) -> Callable[[], T]:
    """Start ``fn(*args)`` in a forked process; return the function that waits for its result.

    The result comes back pickled; a failure or a death raises ``RuntimeError``. ``inline``
    (or no ``fork``): ``fn`` simply runs when its result is asked for.
    """
    context = _fork()
    if inline or context is None:
        return lambda: fn(*args)
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send((True, fn(*args)))
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            send.send((False, f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=child, daemon=True)
    process.start()
    send.close()

    def result() -> T:
        try:
            ok, value = receive.recv()
        except EOFError:
            ok, value = False, f"the process died (exit code {process.exitcode})"
        finally:
            process.join()
        if not ok:
            raise RuntimeError(f"{getattr(fn, '__name__', fn)} failed in its own process: {value}")
        return value

    return result


def _fork() -> multiprocessing.context.ForkContext | None:
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
