"""Text stage: read source files, clean them and read their page metadata."""
