"""Reading the corpus: list the folder (ids, sidecars) and decode each file into a ``Source``."""
