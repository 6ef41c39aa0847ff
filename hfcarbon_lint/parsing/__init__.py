"""Reading a card exactly as the Hub does, with a position for everything read.

``source`` (bytes to text, line and column arithmetic), ``frontmatter`` (the fenced block),
``yaml_doc`` and ``yaml_versions`` (position-carrying YAML nodes, read as YAML 1.1 and 1.2
would), ``body`` (the Environmental Impact lines, tables and sentences), ``quantities``
(figures with units), ``placeholders`` (template text that is not a value); ``card`` ties
them into a ``ParsedCard``.
"""
