"""Talking to the Hugging Face Hub: one remote card (``remote``), whole-author audits (``audit``), exports.

Nothing in this package is imported by the local linting path: ``huggingface_hub`` and its HTTP stack
are imported inside the functions that need them (see ``client.hub_modules``).
"""
