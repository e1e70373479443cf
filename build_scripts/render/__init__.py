"""Pages and data files, made from the analysed and indexed archive; nothing here reads the corpus."""
