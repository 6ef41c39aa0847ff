"""The explicit rule registry: every rule hfcarbon-lint knows, in code order.

Codes are stable and never reused. A new rule module is added here and nowhere else.
"""

from __future__ import annotations

from hfcarbon_lint.rules import codecarbon_csv, consistency, context, emissions, front_matter, meta, plausibility
from hfcarbon_lint.rules.base import Finding, LintContext, Rule

RULES: tuple[Rule, ...] = tuple(
    sorted(
        (
            front_matter.internal_error,
            front_matter.invalid_front_matter,
            front_matter.duplicate_key,
            front_matter.yaml_version_ambiguity,
            front_matter.byte_order_mark,
            front_matter.unreadable_card,
            front_matter.card_too_large,
            emissions.missing_emissions,
            emissions.schema_violation,
            emissions.emissions_not_positive,
            emissions.emissions_rounded_to_zero,
            emissions.emissions_unit_string,
            emissions.emissions_numeric_string,
            emissions.legacy_bare_number,
            emissions.placeholder_emissions,
            context.placeholder_context,
            context.missing_hardware,
            context.missing_location,
            context.missing_training_type,
            context.missing_source,
            context.non_canonical_training_type,
            context.unknown_carbon_key,
            context.misplaced_carbon_key,
            consistency.body_metadata_mismatch,
            consistency.emissions_only_in_body,
            consistency.figure_without_unit,
            consistency.below_minimum_class,
            codecarbon_csv.codecarbon_csv_mismatch,
            plausibility.unresolvable_location,
            plausibility.unrecognised_hardware,
            plausibility.implausible_emissions,
            plausibility.unknown_device_count,
            meta.unknown_suppression_code,
            meta.unused_suppression,
        ),
        key=lambda r: r.code,
    )
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES}


def lookup(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return BY_CODE.get(key.upper()) or BY_NAME.get(key.lower())


__all__ = ["BY_CODE", "BY_NAME", "RULES", "Finding", "LintContext", "Rule", "lookup"]
