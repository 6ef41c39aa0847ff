"""The whole Hub on one machine: a census in bounded memory.

``listing`` streams ``audit --all`` over the Hub's listing (cardData), resumable from the
``checkpoint`` beside its export; ``dump`` lints the Hub's model-card dumps (parquet, the
``parquet`` extra) on forked workers, and ``dataset`` fetches a dump's shards from the Hub;
``summary`` counts both in bounded memory. Layer: above ``hub`` (it drives its auditor, listing
and export), below ``study`` (which reads the exports).
"""
