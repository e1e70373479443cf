"""What several tests (and the benchmark) share: the sub-path web server and the one way to build."""
