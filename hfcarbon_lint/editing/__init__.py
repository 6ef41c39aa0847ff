"""Byte-preserving card edits: the one editor behind --fix, ``track`` and ``fill``."""
