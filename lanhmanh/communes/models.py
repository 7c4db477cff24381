"""Yearly healthy-commune self-assessment, review and recognition."""
