"""A census's summary in bounded memory: counters, bounded top lists, and a median from a histogram.

It has the keys of ``AuditResult.summary()`` (the audit's text and JSON show either), but holds
no model: whatever the count, it keeps a few hundred counters, the top 10 offenders, the top 5
emitters, the first 100 models not checked, and the reported emissions themselves only up to
``EXACT_VALUES`` (then the median comes from a log histogram of 1,000 bins a decade, within
0.12 % of the exact one). Its state is plain JSON, saved in a resumable census's checkpoint.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from typing import Any

from hfcarbon_lint.base.classification import ReportingClass

TOP_OFFENDERS = 10
TOP_EMITTERS = 5
KEPT_FAILURES = 100
EXACT_VALUES = 10_000
BINS_PER_DECADE = 1000
NOT_CLASSIFIED = ""  # the by_class key of cards not read (too large, unreadable): no class


class CensusSummary:
    def __init__(self, mode: str, query: dict[str, Any], label: bool = False) -> None:
        self.mode = mode
        self.query = query
        self.label = label
        self.checked = 0
        self.not_checked = 0
        self.by_class: Counter[str] = Counter()
        self.by_label: Counter[str] = Counter()
        self.errors = self.warnings = self.infos = 0
        self.reporting = 0
        self.total_g = 0.0
        self.values: list[float] = []  # every reported figure while there are at most EXACT_VALUES
        self.histogram: Counter[int] = Counter()  # log10 bins of the figures > 0; zero figures are "zero"
        self.zero = 0
        self.offenders: list[dict[str, Any]] = []
        self.emitters: list[dict[str, Any]] = []
        self.failures: list[dict[str, Any]] = []

    # adding --------------------------------------------------------------------------------------------

    def add(
        self,
        repo_id: str,
        reporting_class: ReportingClass | None,
        counts: tuple[int, int, int],
        emissions_g: float | None,
        codes: list[str],
        label: str | None = None,
    ) -> None:
        """One checked model: its class (None: the card was not read), (errors, warnings, infos), reported
        grams, error/warning codes."""
        errors, warnings, infos = counts
        self.checked += 1
        self.by_class[reporting_class.label if reporting_class is not None else NOT_CLASSIFIED] += 1
        self.errors += errors
        self.warnings += warnings
        self.infos += infos
        if self.label:
            self.by_label[label or "none"] += 1
        if errors or warnings:
            self.offenders.append({"repo_id": repo_id, "errors": errors, "warnings": warnings, "codes": codes})
            if len(self.offenders) > 4 * TOP_OFFENDERS:
                self._trim()
        if emissions_g is not None and math.isfinite(emissions_g) and emissions_g >= 0:
            self._add_figure(repo_id, emissions_g)

    def _add_figure(self, repo_id: str, grams: float) -> None:
        self.reporting += 1
        self.total_g += grams
        if len(self.values) < EXACT_VALUES and len(self.values) == self.reporting - 1:
            self.values.append(grams)
        if grams > 0:
            self.histogram[math.floor(math.log10(grams) * BINS_PER_DECADE)] += 1
        else:
            self.zero += 1
        self.emitters.append({"repo_id": repo_id, "emissions_g": grams})
        if len(self.emitters) > 4 * TOP_EMITTERS:
            self._trim()

    def add_failure(self, repo_id: str, kind: str, message: str) -> None:
        self.not_checked += 1
        if len(self.failures) < KEPT_FAILURES:
            self.failures.append({"repo_id": repo_id, "reason": kind, "message": message})

    def _trim(self) -> None:
        self.offenders.sort(key=lambda o: (-o["errors"], -o["warnings"], o["repo_id"]))
        del self.offenders[TOP_OFFENDERS:]
        self.emitters.sort(key=lambda o: (-o["emissions_g"], o["repo_id"]))
        del self.emitters[TOP_EMITTERS:]

    # reading -------------------------------------------------------------------------------------------

    def median(self) -> float | None:
        if not self.reporting:
            return None
        if len(self.values) == self.reporting:
            return statistics.median(self.values)
        middle = (self.reporting + 1) / 2  # the rank of the median (a half: between two bins' figures)
        seen = self.zero
        if seen >= middle:
            return 0.0
        for key in sorted(self.histogram):
            seen += self.histogram[key]
            if seen >= middle:
                return float(10 ** ((key + 0.5) / BINS_PER_DECADE))
        return None  # pragma: no cover - the bins hold every figure

    def below(self, minimum: ReportingClass) -> int:
        """Checked models below a class (``--min-class``)."""
        return sum(self.by_class[m.label] for m in ReportingClass if m.level < minimum.level)

    def summary(self, listing_incomplete: str | None = None, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """``AuditResult.summary()``'s keys; the lists are the top ones and the first not checked."""
        self._trim()
        result: dict[str, Any] = {
            "mode": self.mode,
            "query": self.query,
            "models": self.checked + self.not_checked,
            "listing_incomplete": listing_incomplete,
            "checked": self.checked,
            "not_checked": self.not_checked,
            "by_class": {member.label: self.by_class.get(member.label, 0) for member in ReportingClass},
            "not_classified": self.by_class.get(NOT_CLASSIFIED, 0),
            "reporting_emissions": self.reporting,
            "reporting_share": (self.reporting / self.checked) if self.checked else None,
            "median_emissions_g": self.median(),
            "median_exact": len(self.values) == self.reporting,
            "total_emissions_g": self.total_g,
            "errors": self.errors,
            "warnings": self.warnings,
            "infos": self.infos,
            "worst_offenders": [dict(o, codes=sorted(o["codes"])) for o in self.offenders],
            "top_emitters": list(self.emitters),
            "metadata_only": [],
            "by_label": {
                **{letter: self.by_label.get(letter, 0) for letter in "ABCDE"},
                "none": self.by_label.get("none", 0),
            }
            if self.label
            else None,
            "not_checked_models": list(self.failures),
        }
        if extra:
            result.update(extra)
        return result

    # checkpointing -------------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        self._trim()
        return {
            "checked": self.checked,
            "not_checked": self.not_checked,
            "by_class": dict(self.by_class),
            "by_label": dict(self.by_label),
            "counts": [self.errors, self.warnings, self.infos],
            "reporting": self.reporting,
            "total_g": self.total_g,
            "values": self.values,
            "histogram": {str(k): v for k, v in self.histogram.items()},
            "zero": self.zero,
            "offenders": self.offenders,
            "emitters": self.emitters,
            "failures": self.failures,
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.checked = int(state["checked"])
        self.not_checked = int(state["not_checked"])
        self.by_class = Counter({str(k): int(v) for k, v in state["by_class"].items()})
        self.by_label = Counter({str(k): int(v) for k, v in state["by_label"].items()})
        self.errors, self.warnings, self.infos = (int(v) for v in state["counts"])
        self.reporting = int(state["reporting"])
        self.total_g = float(state["total_g"])
        self.values = [float(v) for v in state["values"]]
        self.histogram = Counter({int(k): int(v) for k, v in state["histogram"].items()})
        self.zero = int(state["zero"])
        self.offenders = list(state["offenders"])
        self.emitters = list(state["emitters"])
        self.failures = list(state["failures"])
