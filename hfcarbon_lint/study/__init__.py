"""``hfcarbon-lint study``: the analysis of Castaño et al. (ESEM 2023, paper-method.md §3) over an audit export.

``reader`` (stdlib only) streams the export into column arrays; ``analysis`` (numpy,
scipy, statsmodels: the ``study`` extra) computes the statistics; ``labels`` the A-E
label of every model; ``report`` renders Markdown/JSON; ``plots`` (matplotlib) the figures.
Nothing heavy is imported by this package's ``__init__``.
"""
