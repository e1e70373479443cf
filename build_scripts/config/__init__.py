"""User configuration (glossary, themes, events, sidecars) on one checked YAML reader."""
