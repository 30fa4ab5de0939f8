"""Event extraction: meetings and inspections."""
