"""``check`` without click: a plain options object in, an exit code out (check-jsonschema's shape).

Exit codes: 0 clean (warnings and info allowed), 1 findings at error severity (or any
finding at warning severity with ``strict``), 2 a target could not be checked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any, NamedTuple

from hfcarbon_lint.base.diagnostics import Severity
from hfcarbon_lint.base.escaping import diff_for, for_log
from hfcarbon_lint.base.files import read_card, read_stream
from hfcarbon_lint.lint.discovery import EmptyFolder, LocalTarget, MissingTarget, RemoteTarget, SkippedTarget, resolve
from hfcarbon_lint.lint.engine import CardReport, LintSettings, internal_error_report, lint_bytes, lint_file
from hfcarbon_lint.lint.results import RunResult, TargetFailure
from hfcarbon_lint.reporters import RenderOptions, get_renderer, get_stream_renderer

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class CheckOptions(NamedTuple):
    targets: tuple[str, ...]
    settings: LintSettings = LintSettings()
    output_format: str = "text"
    extra_outputs: tuple[tuple[str, str], ...] = ()  # (format, file) written in the same run
    color: bool = False
    quiet: bool = False
    strict: bool = False
    exit_zero: bool = False
    force_remote: bool = False
    revision: str | None = None
    offline: bool = False
    exclude: tuple[str, ...] = ()
    stdin_filename: str = "-"
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False  # show what --fix would change; write nothing
    exit_non_zero_on_fix: bool = False
    jobs: int | None = None  # worker processes for many files; None = one per CPU
    label: bool = False  # also compute the A-E efficiency label of each card
    hub_timeout: float | None = None  # per-request timeout for remote cards (None: env or 10 s)
    hub_retries: int | None = None
    create_pr: bool = False  # with fix: propose a remote card's fixes as a Hub pull request


CardSink = Callable[[CardReport], None]
PARALLEL_THRESHOLD = 64  # below this, starting worker processes costs more than it saves


def collect(options: CheckOptions, stdin: IO[bytes] | None = None, sink: CardSink | None = None) -> RunResult:
    """Lint every target. With a ``sink``, each card goes to it as it is done instead of being kept."""
    result = RunResult()

    def emit(card: CardReport) -> None:
        if options.label and card.card is not None:
            attach_label(card)
        card.release()
        if sink is None:
            result.cards.append(card)
        else:
            sink(card)
            result.streamed.add(card)

    pending: list[LocalTarget] = []  # plain local files, linted in order (in parallel when many)

    def flush() -> None:
        for target, outcome in _lint_many(pending, options):
            if isinstance(outcome, CardReport):
                emit(outcome)
            else:
                result.failures.append(TargetFailure(target.display, outcome))
        pending.clear()

    for target in resolve(options.targets, options.force_remote, options.exclude):
        if isinstance(target, LocalTarget) and target.display != "-" and not (options.fix or options.diff):
            pending.append(target)
            continue
        flush()
        if isinstance(target, SkippedTarget):
            result.notes.append(f"{target.display}: {target.reason}")
        elif isinstance(target, EmptyFolder):
            result.warnings.append(target.reason)
        elif isinstance(target, MissingTarget):
            result.failures.append(TargetFailure(target.display, target.reason))
        elif isinstance(target, LocalTarget):
            if target.display == "-":
                _collect_stdin(stdin, options, result, emit)
                continue
            try:
                emit(_fix_local(target, options, result))
            except OSError as exc:
                result.failures.append(TargetFailure(target.display, exc.strerror or str(exc)))
            except Exception as exc:
                if os.environ.get("HFCARBON_LINT_DEBUG"):
                    raise
                emit(internal_error_report(target.display, exc))
        elif isinstance(target, RemoteTarget):
            _collect_remote(target, options, result, emit)
    flush()
    return result


def _collect_stdin(stdin: IO[bytes] | None, options: CheckOptions, result: RunResult, emit: CardSink) -> None:
    """The card on standard input: checked (never fixed: there is no file to write back to)."""
    stream = stdin or (sys.stdin.buffer if sys.stdin is not None else None)  # None: started with stdin closed
    if stream is None:
        result.failures.append(TargetFailure("-", "standard input is closed"))
        return
    try:
        raw = read_stream(stream, options.settings.max_card_size)
    except OSError as exc:
        result.failures.append(TargetFailure("-", f"cannot read standard input: {exc.strerror or exc}"))
        return
    if options.fix or options.diff:
        result.notes.append("-: standard input is checked, not fixed (--fix and --diff change files)")
    emit(lint_bytes(options.stdin_filename, raw, options.settings))


def _lint_one(target: LocalTarget, settings: LintSettings, label: bool = False) -> CardReport | str:
    try:
        report = lint_file(target.path, settings, target.display)
        if label:
            attach_label(report)
    except OSError as exc:
        return exc.strerror or str(exc)
    except Exception as exc:
        if os.environ.get("HFCARBON_LINT_DEBUG"):
            raise
        report = internal_error_report(target.display, exc)
    return report.release()


def attach_label(report: CardReport) -> None:
    """The card's A-E label from what the card itself says (emissions, model-index metrics)."""
    from hfcarbon_lint.label.card import label_for_report  # --label only: the label tables load when asked for

    try:
        report.label = label_for_report(report)
    except ValueError:
        report.label = None
    except Exception as exc:
        if os.environ.get("HFCARBON_LINT_DEBUG"):
            raise
        report.label = None
        report.diagnostics.extend(internal_error_report(report.path, exc, report.target).diagnostics)


def _lint_many(targets: list[LocalTarget], options: CheckOptions) -> Iterator[tuple[LocalTarget, CardReport | str]]:
    lint = partial(_lint_one, settings=options.settings, label=options.label)
    if len(targets) < PARALLEL_THRESHOLD:
        yield from zip(targets, map(lint, targets), strict=True)
        return
    from hfcarbon_lint.lint import parallel  # big folders only: the worker machinery loads when used

    jobs = options.jobs or min(parallel.available_cores(), 8)
    if jobs < 2 or not parallel.can_fork():
        yield from zip(targets, map(lint, targets), strict=True)
        return
    chunk_size = max(4, min(32, len(targets) // (jobs * 8)))
    done = 0
    try:
        for outcome in parallel.forked_map(lint, targets, jobs, chunk_size):
            yield targets[done], outcome
            done += 1
    except RuntimeError:  # a worker died (killed, out of memory): the rest is linted here, nothing lost
        yield from zip(targets[done:], map(lint, targets[done:]), strict=True)


def _fix_local(target: LocalTarget, options: CheckOptions, result: RunResult) -> CardReport:
    """Fix one card; a card changed on disk meanwhile is re-read and fixed again, never overwritten blind."""
    # --fix/--diff only: the fixer, the differ and the atomic writer load when asked for.
    from hfcarbon_lint.editing.textedit import WRITE_ATTEMPTS, ChangedOnDisk, ReadOnlyCard, atomic_write
    from hfcarbon_lint.lint.fixing import fix_card, unified_diff

    limit = options.settings.max_card_size
    for _ in range(WRITE_ATTEMPTS):
        raw = read_card(target.path, limit)
        outcome = fix_card(target.display, raw, options.settings, options.unsafe_fixes)
        if not outcome.changed or len(raw) > limit:
            return outcome.report
        if options.diff:
            result.diffs.append(unified_diff(target.display, outcome.original, outcome.fixed))
            result.fixed[target.display] = outcome.applied
            return outcome.report
        try:
            atomic_write(target.path, outcome.fixed, expected=raw)
        except ChangedOnDisk:
            continue
        except ReadOnlyCard as refused:
            result.notes.append(f"{target.display}: {refused.strerror}: not fixed")
            return lint_bytes(target.display, raw, options.settings)
        result.fixed[target.display] = outcome.applied
        return outcome.report
    result.failures.append(
        TargetFailure(target.display, f"changed on disk while being fixed ({WRITE_ATTEMPTS} tries); not written")
    )
    return lint_bytes(target.display, raw, options.settings)


def _collect_remote(target: RemoteTarget, options: CheckOptions, result: RunResult, emit: CardSink) -> None:
    # Imported here: the Hub client (huggingface_hub and its HTTP stack) stays off local checks.
    from hfcarbon_lint.hub.client import HubConfig
    from hfcarbon_lint.hub.remote import HubFailure, lint_remote

    config = HubConfig.from_env(
        timeout=options.hub_timeout, retries=options.hub_retries, max_bytes=options.settings.max_card_size
    )
    if options.fix or options.diff:
        _fix_remote(target, options, result, emit, config)
        return
    try:
        report: CardReport = lint_remote(target.repo_id, options.settings, options.revision, options.offline, config)
    except HubFailure as failure:
        result.failures.append(TargetFailure(target.display, str(failure)))
    else:
        emit(report)  # kept or streamed like a local card, its label attached when asked


def _fix_remote(target: RemoteTarget, options: CheckOptions, result: RunResult, emit: CardSink, config: Any) -> None:
    """A Hub card is never written in place: --diff shows its fixes, --fix --create-pr proposes them."""
    # Imported here, as above: the Hub client stays off local checks.
    from hfcarbon_lint.hub.client import HubFailure
    from hfcarbon_lint.hub.pullrequest import fix_remote

    if not options.diff and not options.create_pr:
        message = "a Hub card cannot be fixed in place: add --create-pr to open a pull request (--diff shows the fixes)"
        result.failures.append(TargetFailure(target.display, message))
        return
    try:
        done = fix_remote(
            target.repo_id,
            options.settings,
            options.revision,
            config.with_offline(options.offline),
            unsafe=options.unsafe_fixes,
            create_pr=options.create_pr and not options.diff,
        )
    except HubFailure as failure:
        result.failures.append(TargetFailure(target.display, str(failure)))
        return
    if options.diff and done.card.changed:
        result.diffs.append(done.card.diff())
        result.fixed[target.display] = done.card.outcome.applied
    if done.message is not None:
        sys.stderr.write(f"hfcarbon-lint: {done.message}\n")
    emit(done.card.outcome.report)


def exit_code(result: RunResult, strict: bool = False, exit_zero: bool = False, changed_fails: bool = False) -> int:
    if result.failures or result.internal_errors():
        return EXIT_ERROR  # a target, or a card inside one, could not be checked
    if changed_fails and result.fixed:
        return EXIT_FINDINGS
    if exit_zero:
        return EXIT_CLEAN
    threshold = Severity.WARNING if strict else Severity.ERROR
    if result.worst_severity_seen() >= threshold:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def render_outputs(
    result: RunResult, options: CheckOptions, stdout: IO[str], stderr: IO[str], streamed: bool = False
) -> bool:
    """Print the run and write every ``-o`` file; False when one of those could not be written."""
    render = RenderOptions(color=options.color, quiet=options.quiet)
    if options.diff:
        stdout.write(diff_for(stdout, "".join(result.diffs)))
        fixes = sum(result.fixed.values())
        stderr.write(
            f"Would fix {fixes} finding{'s' if fixes != 1 else ''} in {len(result.fixed)} card(s).\n"
        )  # no input in it
    else:
        for path, count in result.fixed.items():
            stderr.write(for_log(f"Fixed {count} finding{'s' if count != 1 else ''} in {path}") + "\n")
        if streamed:
            stdout.write(get_stream_renderer(options.output_format).render_footer(result, render))  # type: ignore[union-attr]
        else:
            stdout.write(get_renderer(options.output_format)(result, render))
    for warning in result.warnings:
        stderr.write(for_log(f"hfcarbon-lint: warning: {warning}") + "\n")
    for note in result.notes:
        stderr.write(for_log(f"hfcarbon-lint: note: {note}") + "\n")
    for failure in result.failures:
        stderr.write(for_log(f"hfcarbon-lint: {failure.target}: {failure.message}") + "\n")
    written = True
    for format_name, file_name in options.extra_outputs:
        text = get_renderer(format_name)(result, RenderOptions(color=False))
        output = Path(file_name)
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:  # a folder, a path under a file, no permission: the user's -o, not our bug
            stderr.write(
                for_log(f"hfcarbon-lint: cannot write {file_name} (-o {format_name}): {exc.strerror or exc}") + "\n"
            )
            written = False
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        from hfcarbon_lint.reporters.step_summary import append_step_summary  # on GitHub Actions only

        append_step_summary(result, os.environ["GITHUB_STEP_SUMMARY"])
    return written


def run_check(options: CheckOptions, stdout: IO[str], stderr: IO[str]) -> int:
    stream = get_stream_renderer(options.output_format)
    sink: CardSink | None = None
    # The step summary lists every card, so a run on GitHub Actions keeps them (the summary is capped at 1 MiB).
    if (
        stream is not None
        and not options.extra_outputs
        and not options.diff
        and not os.environ.get("GITHUB_STEP_SUMMARY")
    ):
        render = RenderOptions(color=options.color, quiet=options.quiet)

        def sink(card: CardReport) -> None:
            stdout.write(stream.render_card(card, render))

    result = collect(options, sink=sink)
    if not render_outputs(result, options, stdout, stderr, streamed=sink is not None):
        return EXIT_ERROR  # an output the user asked for is missing: the run did not do its job
    if options.diff:
        failed = result.failures or result.internal_errors()
        return EXIT_ERROR if failed else (EXIT_FINDINGS if result.fixed else EXIT_CLEAN)
    return exit_code(result, options.strict, options.exit_zero, options.exit_non_zero_on_fix)
