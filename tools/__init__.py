"""Tools beside the package: the benchmark (``python -m tools.bench``)."""
