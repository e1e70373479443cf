"""Progress for long builds: a live counter on a terminal, a line every few seconds in CI logs."""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO


class Progress:
    """Callable ``(done, total)``; quiet for small corpora and for the first two seconds."""

    def __init__(
        self,
        log: logging.Logger | logging.LoggerAdapter[logging.Logger],
        every: float = 5.0,
        stream: TextIO | None = None,
    ) -> None:
        self.log = log
        self.every = every
        self.stream = stream or sys.stderr
        self.start = time.monotonic()
        self.last = self.start

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total < 50 or now - self.start < 2.0:
            return
        if self.stream.isatty():
            end = "\n" if done == total else ""
            self.stream.write(f"\r讲话档案: analysed {done}/{total} speeches ({now - self.start:.0f}s){end}")
            self.stream.flush()
        elif now - self.last >= self.every or done == total:
            self.last = now
            self.log.info("analysed %d/%d speeches (%.0fs)", done, total, now - self.start)
