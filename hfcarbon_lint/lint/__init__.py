"""The linter's core: read a card, run the rules, fix, collect a run's results.

``engine`` lints one card, ``runner`` a whole ``check`` run (targets from ``discovery``,
``config`` from pyproject, ``parallel`` workers for big folders, ``fixing`` and
``suppression``), ``results`` and ``diagnostics`` are what reporters render,
``schema`` validates against the published JSON Schema and ``classification`` places a
card on the paper's reporting ladder.
"""
