"""Whole runs that combine services, without click: options in, results and an exit code out.

``check`` is a ``check`` run (local, stdin or Hub targets, fixes, pull requests, labels and
the chosen reporter); ``label_inputs`` gathers a label's inputs from a local card or a Hub
model. The CLI above parses and calls these; nothing below imports them.
"""
