"""Pictures: the A-E label as an SVG image, a reporting badge, and self-contained HTML pages.

Above ``label``, ``hub`` and ``study`` (it draws their results), below ``app`` and ``cli``.
Everything is plain text generation with the standard library: no plotting library, no
browser, no font file. Every string that comes from a card or the Hub goes through
``escaping.for_markup`` (and links through ``escaping.hub_model_url``) before it reaches
an image or a page.
"""
