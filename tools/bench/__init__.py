"""The benchmark (``make bench``) and the deterministic corpus generator it builds."""
