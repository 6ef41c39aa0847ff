"""What ``label`` rates: one card (a file, standard input or a Hub repo) and the attributes the card cannot give.

Model size, dataset size and downloads come from the caller's values (the command's flags)
or, for a Hub repo id, from the Hub: one ``GET /api/models/{id}`` (``hub.api.model_info``)
gives downloads, safetensors and the card's datasets; each dataset's ``usedStorage`` comes
from ``/api/datasets/{id}``. Offline, the API cannot be asked: only the cached card and the
given values are used, and a warning says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO

from hfcarbon_lint.base.files import read_stream
from hfcarbon_lint.hub.api import model_info
from hfcarbon_lint.hub.client import HubConfig, HubFailure
from hfcarbon_lint.hub.datasets import DatasetSizes
from hfcarbon_lint.hub.fields import card_datasets, model_size_bytes
from hfcarbon_lint.hub.remote import lint_remote
from hfcarbon_lint.lint.discovery import EmptyFolder, LocalTarget, MissingTarget, RemoteTarget, SkippedTarget, resolve
from hfcarbon_lint.lint.engine import CardReport, LintSettings, lint_bytes, lint_file

FLAG_NAMES = {"model_size": "--model-size-bytes", "datasets_size": "--datasets-size-bytes", "downloads": "--downloads"}
FLAG_HINTS = {
    "emissions": "the card reports none",
    "model_size": "pass --model-size-bytes",
    "datasets_size": "pass --datasets-size-bytes",
    "downloads": "pass --downloads",
}


class LabelInputError(Exception):
    """The card or its attributes cannot be had; the message is one line (the command exits 2)."""


@dataclass(frozen=True, slots=True)
class LabelInputs:
    report: CardReport  # the linted card: emissions and model-index come from it
    known: dict[str, float | None]  # model_size, datasets_size, downloads that are known
    sources: dict[str, str]  # where each known value came from (a flag's name, or "Hub")
    warnings: tuple[str, ...] = ()


def gather_label_inputs(
    target: str,
    given: Mapping[str, float | None],
    *,
    force_remote: bool = False,
    revision: str | None = None,
    offline: bool = False,
    stdin: IO[bytes] | None = None,
    timeout: float | None = None,
    retries: int | None = None,
) -> LabelInputs:
    """The card named by ``target`` (``-``: ``stdin``) and its attributes; ``given`` values win over the Hub's."""
    found = _one_target(target, force_remote)
    known: dict[str, float | None] = {key: value for key, value in given.items() if value is not None}
    sources = {key: FLAG_NAMES[key] for key in known}
    if isinstance(found, LocalTarget):
        return LabelInputs(_lint_local(found, stdin), known, sources)
    config = HubConfig.from_env(timeout=timeout, retries=retries, offline=offline)
    return _remote_inputs(found, revision, config, known, sources)


def lint_one_card(
    target: str,
    *,
    force_remote: bool = False,
    revision: str | None = None,
    offline: bool = False,
    stdin: IO[bytes] | None = None,
    timeout: float | None = None,
    retries: int | None = None,
) -> CardReport:
    """One card linted: a file, ``-`` (``stdin``) or a Hub repo id (``badge``); LabelInputError when it cannot be read."""
    found = _one_target(target, force_remote)
    if isinstance(found, LocalTarget):
        return _lint_local(found, stdin)
    config = HubConfig.from_env(timeout=timeout, retries=retries, offline=offline)
    try:
        return lint_remote(found.repo_id, LintSettings(), revision, config.offline, config)
    except HubFailure as failure:
        raise LabelInputError(f"{found.display}: {failure}") from None


def _one_target(target: str, force_remote: bool) -> LocalTarget | RemoteTarget:
    resolved = list(resolve([target], force_remote))
    if len(resolved) != 1:
        raise LabelInputError(f"{target}: a folder with {len(resolved)} cards; name one card file")
    found = resolved[0]
    if isinstance(found, (MissingTarget, SkippedTarget, EmptyFolder)):
        raise LabelInputError(f"{found.display}: {found.reason}")
    assert isinstance(found, (LocalTarget, RemoteTarget))
    return found


def _lint_local(found: LocalTarget, stdin: IO[bytes] | None) -> CardReport:
    if found.display == "-":
        if stdin is None:
            raise LabelInputError("-: standard input is closed")
        return lint_bytes("-", read_stream(stdin), LintSettings())
    try:
        return lint_file(found.path, LintSettings(), found.display)
    except OSError as exc:
        raise LabelInputError(f"{found.display}: {exc.strerror or exc}") from None


def _remote_inputs(
    found: RemoteTarget,
    revision: str | None,
    config: HubConfig,
    known: dict[str, float | None],
    sources: dict[str, str],
) -> LabelInputs:
    """A Hub card (``hub.remote``) and its Hub attributes: downloads, weights size, training data size."""
    try:
        report: CardReport = lint_remote(found.repo_id, LintSettings(), revision, config.offline, config)
        if config.offline:
            missing = [
                f"--{k.replace('_', '-')}{'-bytes' if k != 'downloads' else ''}" for k in FLAG_HINTS if k not in known
            ]
            warning = f"{found.display}: offline: downloads and sizes not asked from the Hub" + (
                f" (give {', '.join(missing[1:])})" if len(missing) > 1 else ""
            )
            return LabelInputs(report, known, sources, (warning,))
        info = model_info(found.repo_id, revision, config)
        hub_values: dict[str, int | None] = {
            "downloads": info.get("downloads") if isinstance(info.get("downloads"), int) else None,
            "model_size": model_size_bytes(info),
        }
        if "datasets_size" not in known:
            card_data = info.get("cardData") if isinstance(info.get("cardData"), dict) else None
            names = card_datasets(card_data, info.get("tags") or [])
            hub_values["datasets_size"] = DatasetSizes(config).total(names) if names else None
    except HubFailure as failure:
        raise LabelInputError(f"{found.display}: {failure}") from None
    for key, value in hub_values.items():
        if key not in known and value is not None and not isinstance(value, bool):
            known[key] = float(value)
            sources[key] = "Hub"
    return LabelInputs(report, known, sources)
