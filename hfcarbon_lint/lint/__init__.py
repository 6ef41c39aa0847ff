"""The linting engine: read a card, run the rules, fix, collect a run's results.

``engine`` lints one card; ``discovery`` turns paths into cards; ``config`` reads pyproject;
``parallel`` forks workers for big folders; ``fixing`` and ``suppression``; ``results`` is what
reporters render. A whole ``check`` run (reporters, the Hub, labels) is ``app.check``, above.
"""
