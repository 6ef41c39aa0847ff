"""The lowest layer: the types and guards every other folder uses, importing nothing of ours.

``diagnostics`` (the one finding type), ``classification`` (the paper's reporting ladder),
``files`` (a card read safely: regular files only, bounded), ``escaping`` (the one escaper of
card text and paths for terminals, logs and pages) and ``version``.
"""
