"""Putting a run's emissions into the card: measured (``track``, ``fill``) or estimated (``estimate``).

* ``session``: ``run_track`` and ``run_fill``, the two commands as library calls
  (plain options in, an exit code out, messages through a ``cardwrite.Notes``);
* ``estimate``: ``make_estimate`` and ``write_estimate`` (hardware power x hours x PUE x
  grid intensity, the formula in ``plausibility.estimate``);
* ``cardwrite``: the card write and check the three share (the byte-preserving editor
  of ``editing/carbon_block.py``);
* ``measurement`` and ``csvfile``: pure standard library (the HFC045 rule reads
  CodeCarbon CSVs with them); ``child`` runs the wrapped command; only ``tracker``
  imports CodeCarbon, and only when ``track`` runs. Locations are validated by
  ``hfcarbon_lint.grid``, which reads CodeCarbon's data files without importing it.
"""
