"""What a card's hardware draws: device names read into families with their published power
(``devices``, the table in ``data/hardware.json``) and the durations and energies written
beside them (``quantities``). Reference data under parsing: the body reader names devices with it.
"""
