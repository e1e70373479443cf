"""What needs the whole archive: slogan discovery, the slogan index, keywords, related, listings, search."""
