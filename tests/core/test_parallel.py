"""Forked workers: the same results, in order, and no process left behind."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from hfcarbon_lint.app.check import CheckOptions, run_check
from hfcarbon_lint.lint import parallel
from hfcarbon_lint.lint.engine import LintSettings
from tests.conftest import project_cards

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="forked workers run on Linux only")


def square(value: int) -> int:
    return value * value


def fails_on_13(value: int) -> int:
    if value == 13:
        raise ValueError("unlucky")
    return value


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)  # a child running or unreaped: it is there
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize(("jobs", "chunk_size"), [(1, 1), (2, 7), (3, 4), (8, 50)])
def test_results_come_back_in_input_order(jobs: int, chunk_size: int) -> None:
    assert list(parallel.forked_map(square, range(100), jobs, chunk_size)) == [v * v for v in range(100)]
    assert no_children_left()


def test_an_error_in_a_worker_is_raised_in_the_parent() -> None:
    with pytest.raises(RuntimeError, match="ValueError: unlucky"):
        list(parallel.forked_map(fails_on_13, range(40), 2, 5))
    assert no_children_left()


def test_stopping_early_terminates_the_workers() -> None:
    results = parallel.forked_map(square, range(10_000), 2, 10)
    assert next(results) == 0
    results.close()
    assert no_children_left()


def test_a_folder_checked_by_workers_reads_as_one_checked_alone(tmp_path: Path) -> None:
    cards = project_cards()  # the repository's own cards, each twice or so: no ../shared needed
    for index in range(150):
        card = cards[index % len(cards)]
        (tmp_path / f"{index:03d}").mkdir()
        shutil.copy(card, tmp_path / f"{index:03d}" / "README.md")
    outputs = []
    for jobs in (1, 2):
        stdout, stderr = io.StringIO(), io.StringIO()
        code = run_check(CheckOptions((str(tmp_path),), LintSettings(), jobs=jobs), stdout, stderr)
        outputs.append((code, stdout.getvalue(), stderr.getvalue()))
    assert outputs[0] == outputs[1]
    assert "150 cards checked" in outputs[0][1]


def test_a_pool_maps_batch_after_batch_in_order_with_the_same_children() -> None:
    with parallel.ForkedPool(square, 2) as pool:
        pids = [pid for pid, _, _ in pool._workers]
        for size, chunk_size in ((100, 7), (1, 5), (0, 3), (37, 1)):
            assert list(pool.map(range(size), chunk_size)) == [v * v for v in range(size)]
        assert [pid for pid, _, _ in pool._workers] == pids  # forked once, not per batch
    assert no_children_left()


def test_a_pool_raises_a_workers_error_and_closes() -> None:
    with parallel.ForkedPool(fails_on_13, 2) as pool:
        with pytest.raises(RuntimeError, match="ValueError: unlucky"):
            list(pool.map(range(40), 5))
        assert len(pool) == 0
        with pytest.raises(RuntimeError, match="closed"):
            list(pool.map(range(3), 1))
    assert no_children_left()


def test_a_pool_whose_child_was_killed_says_so() -> None:
    import signal

    with parallel.ForkedPool(square, 2) as pool:
        os.kill(pool._workers[1][0], signal.SIGKILL)
        with pytest.raises(RuntimeError, match="worker process ended"):
            list(pool.map(range(100), 10))
    assert no_children_left()


def test_stopping_a_pool_early_terminates_its_children() -> None:
    pool = parallel.ForkedPool(square, 2)
    results = pool.map(range(10_000), 10)
    assert next(results) == 0
    results.close()
    assert no_children_left()
