"""Rules about the context around the figure: hardware, location, training type, source, key names."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hfcarbon_lint.base.diagnostics import Applicability, Severity
from hfcarbon_lint.parsing.card import CARBON_KEY, SPEC_KEYS, TOOL_EXTENSION_KEYS, close_spec_keys
from hfcarbon_lint.parsing.placeholders import is_placeholder
from hfcarbon_lint.parsing.yaml_doc import is_empty_scalar
from hfcarbon_lint.rules.base import Finding, LintContext, Rule, replace_fix, rule

CANONICAL_TRAINING_TYPES = {
    "pretraining": "pre-training",
    "pretrain": "pre-training",
    "pretrained": "pre-training",
    "finetuning": "fine-tuning",
    "finetune": "fine-tuning",
    "finetuned": "fine-tuning",
}


def suggest_key(name: str) -> str | None:
    """The spec key a misspelt or space-separated key most likely means, if any."""
    close = close_spec_keys(name)
    return close[0] if close else None


def _missing_field_rule(code: str, key: str, why: str) -> Rule:
    def check(ctx: LintContext) -> Iterator[Finding]:
        carbon = ctx.card.carbon
        if carbon is None or ctx.card.doc is None or carbon.form != "mapping":
            return  # the legacy and string forms get HFC015 / HFC013, which say to use a mapping
        entry = carbon.entries.get(key)
        if entry is not None:
            return  # present; a placeholder value is HFC017's business
        if any(suggest_key(name) == key for name in carbon.entries):
            return  # present under a misspelt name: HFC031 says so
        body = ctx.card.body.get(key)
        where = ""
        if body is not None and not body.is_placeholder:
            where = f" ({body.where} says {body.raw_value!r}; the metadata does not)"
        hint = ""
        if key == "source" and {"autotrain", "autonlp"} & {t.lower() for t in ctx.card.tags}:
            hint = "; this is an AutoTrain card, so 'source: AutoTrain'"
        yield Finding(ctx.card.span(carbon.key), f"{CARBON_KEY} has no {key}{where}{hint}")

    check.__doc__ = f"""{CARBON_KEY} does not say {why}.

    Without it the figure cannot be compared or checked. Add ``{key}`` to the
    ``{CARBON_KEY}`` mapping. Reported only for the mapping form (the others get HFC015/HFC013).

    Fail::

        {CARBON_KEY}:
          emissions: 1200

    Pass::

        {CARBON_KEY}:
          emissions: 1200
          {key}: {FIELD_EXAMPLES[key]}
    """
    return rule(
        code, f"missing-{key.replace('_used', '').replace('geographical_', '').replace('_', '-')}", Severity.INFO
    )(check)


FIELD_EXAMPLES = {
    "hardware_used": "1 x NVIDIA A100",
    "geographical_location": "Quebec, Canada",
    "training_type": "fine-tuning",
    "source": "CodeCarbon",
}

missing_hardware = _missing_field_rule(
    "HFC020", "hardware_used", "which hardware trained the model (the paper's only context field)"
)
missing_location = _missing_field_rule(
    "HFC021", "geographical_location", "where the compute ran, which sets the grid's carbon intensity"
)
missing_training_type = _missing_field_rule(
    "HFC022", "training_type", "whether the figure is for pre-training or fine-tuning"
)
missing_source = _missing_field_rule(
    "HFC023", "source", "how the figure was obtained (CodeCarbon, AutoTrain, a calculator, a paper)"
)


@rule("HFC017", "placeholder-context", Severity.WARNING)
def placeholder_context(ctx: LintContext) -> Iterator[Finding]:
    """A context field holds a placeholder (``unknown``, ``Not specified``, ``[More Information Needed]``, the spec's example text).

    A placeholder says nothing; the paper's extraction still counts a metadata
    placeholder as reported hardware, which inflates the reporting class.

    Fail::

        co2_eq_emissions:
          emissions: 1200
          hardware_used: "[More Information Needed]"

    Pass::

        co2_eq_emissions:
          emissions: 1200
          hardware_used: 1 x NVIDIA A100
    """
    carbon = ctx.card.carbon
    if carbon is None:
        return
    for key in SPEC_KEYS[1:]:
        entry = carbon.entries.get(key)
        if entry is not None and is_placeholder(entry.value):
            shown = "empty" if entry.value is None else repr(entry.value)
            node = entry.node if not is_empty_scalar(entry.node) else entry.key
            yield Finding(ctx.card.span(node), f"{key} is {shown}: a placeholder, not information")


@rule("HFC030", "non-canonical-training-type", Severity.WARNING, fix=Applicability.SAFE)
def non_canonical_training_type(ctx: LintContext) -> Iterator[Finding]:
    """``training_type`` spelt other than the spec's ``pre-training`` / ``fine-tuning`` (``pretraining``, ``Fine tuning``).

    Free text such as ``second-stage pre-training`` is allowed; only spellings of the
    two canonical values are reported, so aggregations group them correctly.

    Fix (safe): write the canonical spelling.

    Fail::

        co2_eq_emissions:
          emissions: 1200
          training_type: pretraining

    Pass::

        co2_eq_emissions:
          emissions: 1200
          training_type: pre-training
    """
    carbon = ctx.card.carbon
    if carbon is None or ctx.card.doc is None:
        return
    entry = carbon.entries.get("training_type")
    if entry is None or not isinstance(entry.value, str):
        return
    squashed = re.sub(r"[\s_\-]+", "", entry.value.strip().lower())
    canonical = CANONICAL_TRAINING_TYPES.get(squashed)
    if canonical is None or entry.value == canonical:
        return
    start, end = ctx.card.doc.offsets(entry.node)
    yield Finding(
        ctx.card.span(entry.node),
        f"training_type {entry.value!r}: write {canonical!r}",
        replace_fix(Applicability.SAFE, f"write {canonical}", start, end, canonical),
    )


@rule("HFC031", "unknown-carbon-key", Severity.WARNING, fix=Applicability.SAFE)
def unknown_carbon_key(ctx: LintContext) -> Iterator[Finding]:
    """A key inside ``co2_eq_emissions`` that the spec does not define, with a did-you-mean.

    ``geographic_location`` or ``hardware used`` are silently ignored by every tool
    that reads the spec's keys. Keys that tools write on purpose (CodeCarbon's
    ``energy_consumed``, ``cpu_model``, ``hours_used``…) are not reported.

    Fix (safe): rename the key to the suggestion, when it is the only spec key close to
    the name, that key is absent, and no other key of the block is a misspelling of it:
    the value keeps its meaning under the name the spec gives it. Fix (unsafe) when
    several spec keys are close (the rename is a guess).

    Fail::

        co2_eq_emissions:
          emissions: 1200
          geographic_location: Germany

    Pass::

        co2_eq_emissions:
          emissions: 1200
          geographical_location: Germany
    """
    carbon = ctx.card.carbon
    if carbon is None or ctx.card.doc is None:
        return
    suggested = [suggest_key(name) for name in carbon.entries]
    for name, entry in carbon.entries.items():
        if name in SPEC_KEYS or name in TOOL_EXTENSION_KEYS:
            continue
        close = close_spec_keys(name)
        suggestion = close[0] if close else None
        if suggestion is not None and suggestion not in carbon.entries:
            unique = len(close) == 1 and suggested.count(suggestion) == 1
            applicability = Applicability.SAFE if unique else Applicability.UNSAFE
            start, end = ctx.card.doc.offsets(entry.key)
            yield Finding(
                ctx.card.span(entry.key),
                f"unknown key {name!r} in {CARBON_KEY}; did you mean {suggestion!r}?",
                replace_fix(applicability, f"rename to {suggestion}", start, end, suggestion),
            )
        else:
            known = ", ".join(SPEC_KEYS)
            yield Finding(ctx.card.span(entry.key), f"unknown key {name!r} in {CARBON_KEY} (the spec defines {known})")


@rule("HFC032", "misplaced-carbon-key", Severity.WARNING)
def misplaced_carbon_key(ctx: LintContext) -> Iterator[Finding]:
    """A carbon key (``emissions``, ``hardware_used``…) at the top level of the front matter instead of inside ``co2_eq_emissions``.

    Seen on real cards whose template keys lost their indentation: nothing reads them there.

    Fail::

        co2_eq_emissions:
          emissions: 1200
        hardware_used: 1 x NVIDIA A100

    Pass::

        co2_eq_emissions:
          emissions: 1200
          hardware_used: 1 x NVIDIA A100
    """
    doc = ctx.card.doc
    if doc is None or doc.root is None:
        return
    for key_node, _ in doc.root.value:
        name = getattr(key_node, "value", None)
        if not isinstance(name, str):
            continue
        normalised = re.sub(r"[\s\-]+", "_", name.strip().lower())
        if normalised in ("emissions", "hardware_used", "geographical_location", "training_type"):
            yield Finding(doc.span(key_node), f"{name!r} is a top-level key; it belongs inside {CARBON_KEY}")
