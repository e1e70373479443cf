"""The test suite (``make test``); shared fixtures in ``conftest.py``, shared helpers in ``support/``."""
