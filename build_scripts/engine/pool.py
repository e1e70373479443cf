"""Run work on every core: forked worker processes that inherit what they read.

``on_cores`` maps a function over indices on every core (only indices go out, results come
back); ``beside`` runs one function in a process of its own while this one goes on.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from multiprocessing.process import BaseProcess
from typing import Generic, TypeVar, cast

T = TypeVar("T")

_job: Callable[[int], object] | None = None  # what forked workers run: inherited, never pickled
PARALLEL_FROM = 64  # fewer items than this are not worth forking for


def workers_for(n: int, requested: int = 0) -> int:
    """The processes ``n`` items are given: the build's one policy, for analysis and pages alike.

    Fewer than ``PARALLEL_FROM`` items, or no ``fork``: this process only. Otherwise ``requested``
    (``ARCHIVE_WORKERS``; 1 is this process only), or one per core when it is 0.

    >>> workers_for(10), workers_for(10, 2), workers_for(100, 1)
    (1, 1, 1)
    """
    if n < PARALLEL_FROM or _fork() is None:
        return 1
    return max(1, requested) if requested else os.cpu_count() or 1


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
    """``[fn(0), ..., fn(n - 1)]``, in ``workers_for(n, workers)`` processes.

    The workers are forked, so ``fn`` and the data it reads are inherited rather than sent;
    only indices go out and results come back. ``progress(done)`` follows each result.
    """
    global _job
    context = _fork()
    processes = workers_for(n, workers)
    parallel = processes > 1
    out: list[T] = []
    _job = fn
    try:
        with ProcessPoolExecutor(processes, mp_context=context) if parallel else nullcontext() as pool:
            size = chunk or max(1, n // (processes * 8))
            results = pool.map(_run_job, range(n), chunksize=size) if pool else map(fn, range(n))
            for result in results:
                out.append(result)  # type: ignore[arg-type]
                if progress:
                    progress(len(out))
    finally:
        _job = None
    return out


class Beside(Generic[T]):
    """A function running in a forked process (``beside``): call this for its result; ``stop`` ends the
    process unasked, for a caller that failed meanwhile (nothing is left running, nothing waited for)."""

    def __init__(self, wait: Callable[[], T], process: BaseProcess | None = None) -> None:
        self._wait, self._process = wait, process

    def __call__(self) -> T:
        return self._wait()

    def running(self) -> bool:
        """Whether its process is still running (never, for work run inline)."""
        return self._process is not None and self._process.is_alive()

    def stop(self) -> None:
        if self._process is not None and self.running():
            self._process.kill()
            self._process.join()

    def __enter__(self) -> Beside[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        if kind is not None:  # the caller failed before it asked for the result
            self.stop()


def beside(fn: Callable[..., T], *args: object, inline: bool = False, daemon: bool = True) -> Beside[T]:
    """Start ``fn(*args)`` in a forked process; return what waits for its result (``Beside``).

    The result comes back pickled; a failure or a death raises ``RuntimeError``, except an
    ``OSError`` (a full disk, a folder that cannot be written), which is raised again as itself so
    the caller can say which file and what the system said. ``inline`` (or no ``fork``): ``fn``
    simply runs when its result is asked for. ``daemon=False`` lets the process start one of its own
    in turn (the build's side work makes the search index in a child, ``pipeline._side_work``); such
    a process outlives a failure of this one unless its caller ``stop`` s it.
    """
    context = _fork()
    if inline or context is None:
        return Beside(lambda: fn(*args))
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        try:
            send.send((True, fn(*args)))
        except OSError as exc:  # raised again in the parent, as itself
            send.send((False, OSError(exc.errno, exc.strerror, exc.filename)))
        except BaseException as exc:  # noqa: BLE001 - reported by the parent
            send.send((False, f"{type(exc).__name__}: {exc}"))

    process = context.Process(target=child, daemon=daemon)
    process.start()
    send.close()

    def result() -> T:
        try:
            ok, value = receive.recv()
        except EOFError:
            ok, value = False, f"the process died (exit code {process.exitcode})"
        finally:
            process.join()
        if not ok and isinstance(value, OSError):
            raise value
        if not ok:
            raise RuntimeError(f"{getattr(fn, '__name__', fn)} failed in its own process: {value}")
        return cast(T, value)

    return Beside(result, process)


def _fork() -> multiprocessing.context.ForkContext | None:
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def settle() -> None:
    """Before forking processes that live long: collect what is garbage, hand the freed heap back
    to the system (glibc's ``malloc_trim``: freed memory stays in the process otherwise, and every
    child would carry it), and freeze what is left out of the cycle collector's scans (a scan
    writes to every object, so each child would copy them all)."""
    gc.collect()
    give_back()
    gc.freeze()


def give_back() -> None:
    """Hand the freed heap back to the system (glibc's ``malloc_trim``); elsewhere, nothing."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to hand back this way
        pass
