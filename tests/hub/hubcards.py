"""Fixture cards for the Hub tests (written for these tests; shapes seen on real cards)."""

CARD = """---
license: mit
datasets:
- imdb
co2_eq_emissions:
  emissions: 1200
  source: CodeCarbon
  training_type: fine-tuning
  geographical_location: Quebec, Canada
  hardware_used: 1 x NVIDIA A100
model-index:
- name: good
  results:
  - task: {type: text-classification}
    dataset: {name: imdb, type: imdb}
    metrics:
    - {type: accuracy, value: 0.91}
    - {type: f1, value: 88.5}
---
# Good model
"""

KG_CARD = """---
license: mit
co2_eq_emissions:
  emissions: "1.2 kg"
  hardware_used: 8 x V100
---
# A card with a unit string
"""

BODY_ONLY_CARD = """---
license: mit
---
# Body only

## Environmental Impact

- **Hardware Type:** 4 x A100
- **Carbon Emitted:** 50 g
"""
