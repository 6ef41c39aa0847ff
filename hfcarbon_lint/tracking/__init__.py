"""Measuring training runs with CodeCarbon and turning the result into card fields.

The modules are split by what they need so the linter's start-up stays light:
``measurement`` and ``csvfile`` are pure standard library (the HFC045 rule reads
CodeCarbon CSVs with them); the location is validated by ``hfcarbon_lint.grid``, which
reads CodeCarbon's bundled data files without importing it; ``child`` runs the wrapped command; only ``tracker`` imports
CodeCarbon, and only when ``hfcarbon-lint track`` calls it.
"""
