"""Electricity grids: where a run happened, and how much CO2 a kWh there emits.

One home for the location data, used by ``track`` (which validates its ``--country``
and ``--cloud-region`` flags), by the plausibility rules HFC060-HFC063 (which read a
card's free-text ``geographical_location``) and by ``estimate``:

* ``tables``: CodeCarbon's bundled data files (country grid intensities, its regional
  tables, GCP regions, the world average, CPU power), read as files without importing
  CodeCarbon;
* ``names``: ISO 3166 countries and subdivisions (pycountry's databases, read as files),
  our few aliases and macro-region names (``data/places.json``), and ``fold``;
* ``location``: a card's free-text location resolved (never raises);
* ``track_flags``: ``track``'s and ``estimate``'s location flags validated (raises
  :class:`~hfcarbon_lint.grid.track_flags.LocationError` with what to pass instead), in its
  own module so that a check does not load it.

Importing this package loads only the standard library.
"""
