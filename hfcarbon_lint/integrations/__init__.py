"""Training frameworks: the card their runs write carries the measured co2_eq_emissions (above tracking, below hub)."""
