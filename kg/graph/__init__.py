"""Facts to RDF, serialization."""
