"""Infrastructure: the cache and incremental rebuilds, worker processes, the spool, packed blocks."""
