"""``python -m tools.bench.passages``: shared-passage detection alone, at archive scale (issue 18).

Generates N speeches with the benchmark's generator from the same real texts as ``make bench``
(``generate.py``: 5% of sentences borrowed whole, the rest recomposed from real clauses, so that
nearly every sentence is a type of its own, as in a real archive, and about 2.7 passages a speech
are shared at 1,000), reads their structure, then measures, each in a fresh forked process so that its
memory is its own: signing every speech (``index.passages.signature``), detection from the
signatures (``detect``), and a rebuild after one speech gained a sentence (its signature made
again, the rest and the memo reused: the sentences MinHashed, the pairs compared and the passages
made again are counted). Prints CPU seconds, the peak memory each step added and each stage's
wall seconds (``Detection.timings``).

    python -m tools.bench.passages --speeches 1000 --speeches 10000
"""

from __future__ import annotations

import argparse
import os
import pickle
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from build_scripts.analyse.structure import parse_document
from build_scripts.index import passages as P
from build_scripts.read.source import read_source
from tools.bench.bench import SOURCE_CORPORA
from tools.bench.generate import generate_corpus

ROOT = Path(__file__).resolve().parents[2]


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measured(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """``fn()`` in a forked process: its result, CPU seconds, and the peak memory it added (MB)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: measure, send, exit
        os.close(read)
        start_rss = _rss_mb()
        start = time.process_time()
        result = fn()
        cpu = time.process_time() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - start_rss
        with os.fdopen(write, "wb") as out:
            pickle.dump((result, cpu, peak), out, protocol=pickle.HIGHEST_PROTOCOL)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as inp:
        data = inp.read()
    os.waitpid(pid, 0)
    return pickle.loads(data)  # type: ignore[no-any-return]


def run(n: int, work: Path) -> dict[str, Any]:
    corpus = work / f"speeches-{n}"
    if not corpus.is_dir() or len(list(corpus.glob("*.txt"))) != n:
        generate_corpus(n, corpus, SOURCE_CORPORA)
    paths = sorted(corpus.glob("*.txt"))
    blocks = [parse_document(read_source(p).text).anchored_texts() for p in paths]
    texts = [dict(P.paragraphs(b)) for b in blocks]
    facts = [P.Facts(p.stem, f"{2013 + i % 12}-{1 + i % 12:02d}", ("县", "市", "省")[i % 3]) for i, p in enumerate(paths)]
    sigs, sign_cpu, sign_mb = measured(lambda: [P.signature(b) for b in blocks])
    (detection, memo), detect_cpu, detect_mb = measured(lambda: P.detect(sigs, texts.__getitem__, facts))
    # one speech gains a sentence: it is signed again; the others' signatures and the memo are kept
    changed = [*blocks[0], ("p999", "这是为检验重建而新加的一句话，它不会与任何讲话相同。")]
    texts[0] = dict(P.paragraphs(changed))

    def rebuild() -> P.Detection:
        sigs[0] = P.signature(changed)
        return P.detect(sigs, texts.__getitem__, facts, memo=memo)[0]

    again, rebuild_cpu, rebuild_mb = measured(rebuild)
    return {
        "speeches": n,
        "chars per speech": round(sum(len(t) for b in blocks for _, t in b) / n),
        "sign s": round(sign_cpu, 2),
        "sign MB": round(sign_mb),
        "detect s": round(detect_cpu, 2),
        "detect MB": round(detect_mb),
        "passages": len(detection.passages),
        "members": sum(len(p) for p in detection.passages),
        "largest": max((p.speeches for p in detection.passages), default=0),
        "rebuild s": round(rebuild_cpu, 2),
        "rebuild MB": round(rebuild_mb),
        "rebuild hashed/compared/clustered": f"{again.hashed}/{again.compared}/{again.clustered}",
        "stages": detection.timings,
        "rebuild stages": again.timings,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench.passages", description=__doc__.splitlines()[0])
    parser.add_argument("--speeches", type=int, action="append", help="corpus size; repeat for several (default: 1000)")
    parser.add_argument("--out", type=Path, default=None, help="work folder (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.out or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for n in args.speeches or [1000]:
            print(run(n, work), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
