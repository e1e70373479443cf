"""One speech at a time: structure, metadata with its evidence, themes; then its slogans and terms."""
