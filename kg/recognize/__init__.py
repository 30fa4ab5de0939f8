"""Recognizers: regions, officials, titles, programmes, dates."""
