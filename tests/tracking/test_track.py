"""``hfcarbon-lint track``: the real CodeCarbon offline tracker around real child processes."""

from __future__ import annotations

import csv
import http.server
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import psutil
import pytest
import yaml
from tracking_helpers import FAST, REPO, check_json, clean_env, errors_of, hfcarbon, script

CARD = b"---\nlicense: mit  # chosen by the authors\ntags:\n- text-classification\n---\n\n# My model\n"


def track(card: Path, *command: str, extra: tuple[str, ...] = ()) -> list[str]:
    return ["track", "--card", str(card), "--country", "FRA", *FAST, *extra, "--", *command]


def carbon_of(card: Path) -> dict[str, object]:
    loaded = yaml.safe_load(card.read_text(encoding="utf-8").split("---")[1])
    block: dict[str, object] = loaded["co2_eq_emissions"]
    return block


def wait_for(path: Path, timeout: float = 60) -> str:
    """Poll for a file a child writes when it is ready (not a timing assertion: a bound on waiting)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().endswith("\n"):
            return path.read_text()
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


def test_measures_the_command_and_writes_the_card(tmp_path: Path, card: Path, cpu_loop: Path) -> None:
    result = hfcarbon(
        *track(
            card,
            sys.executable,
            str(cpu_loop),
            "1.5",
            extra=("--training-type", "fine-tuning", "--save-csv", "emissions.csv"),
        ),
        cwd=tmp_path,
    )
    assert result.code == 0, result.err
    assert result.out == b"looped True\n"  # stdout is the command's alone
    carbon = carbon_of(card)
    assert carbon["source"] == "CodeCarbon"
    assert carbon["training_type"] == "fine-tuning"
    assert carbon["geographical_location"] == "France"
    assert "thread" in str(carbon["hardware_used"])
    grams = carbon["emissions"]
    assert isinstance(grams, float) and grams > 0
    # The card's grams are the CSV's kilograms x 1000, converted once and rounded to 4 digits.
    with (tmp_path / "emissions.csv").open(newline="") as stream:
        [row] = list(csv.DictReader(stream))
    assert grams == float(f"{float(row['emissions']) * 1000:.4g}")
    assert row["country_iso_code"] == "FRA" and row["tracking_mode"] == "machine"
    # Every other byte of the card is where it was.
    text = card.read_bytes()
    assert text.startswith(
        b"---\nlicense: mit  # chosen by the authors\ntags:\n- text-classification\nco2_eq_emissions:\n"
    )
    assert text.endswith(b"---\n\n# My model\n")
    # What was measured and what was estimated is said.
    assert "CPU" in result.err and "estimated" in result.err and "RAM" in result.err
    assert "CPU-seconds" in result.err
    # The real check: no errors, Energy Awareness, and the CSV beside the card agrees (no HFC045).
    document = check_json(card, cwd=tmp_path)
    assert errors_of(document) == []
    assert document["cards"][0]["reporting_level"] >= 3
    assert not [d for d in document["cards"][0]["diagnostics"] if d["code"] == "HFC045"]


def test_a_failing_command_leaves_the_card_alone(tmp_path: Path, card: Path) -> None:
    failing = script(tmp_path, "fail.py", "import sys\nprint('boom', file=sys.stderr)\nsys.exit(3)\n")
    result = hfcarbon(
        *track(card, sys.executable, str(failing)), cwd=tmp_path, env=clean_env({"TMPDIR": str(tmp_path)})
    )
    assert result.code == 3
    assert result.err.startswith("boom\n")
    assert "exited with 3" in result.err and "--write-on-failure" in result.err
    assert card.read_bytes() == CARD
    [kept] = tmp_path.glob("hfcarbon-lint-track-*/emissions.csv")  # for `fill`, as the message says
    assert str(kept) in result.err


def test_write_on_failure_writes_and_keeps_the_exit_code(tmp_path: Path, card: Path) -> None:
    failing = script(
        tmp_path,
        "fail.py",
        "import sys, time\nt = time.perf_counter()\nwhile time.perf_counter() - t < 0.5:\n    pass\nsys.exit(3)\n",
    )
    extra = ("--write-on-failure", "--tracking-mode", "process", "--cpu-power", "50", "--ram-power", "3")
    result = hfcarbon(*track(card, sys.executable, str(failing), extra=extra), cwd=tmp_path)
    assert result.code == 3, result.err
    assert float(carbon_of(card)["emissions"]) > 0  # type: ignore[arg-type]
    assert "process mode" in result.err
    assert "50 W from --cpu-power" in result.err and "3 W (--ram-power)" in result.err


def test_a_command_killed_by_a_signal_exits_128_plus_n(tmp_path: Path, card: Path) -> None:
    killed = script(tmp_path, "killed.py", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    result = hfcarbon(*track(card, sys.executable, str(killed)), cwd=tmp_path, env=clean_env({"TMPDIR": str(tmp_path)}))
    assert result.code == 128 + signal.SIGKILL
    assert "killed by SIGKILL" in result.err
    assert card.read_bytes() == CARD


def test_stdin_and_lots_of_output_pass_through_untouched(tmp_path: Path, card: Path) -> None:
    echo = script(
        tmp_path,
        "echo.py",
        """
        import sys
        data = sys.stdin.buffer.read()
        sys.stdout.buffer.write(data)
        for i in range(40000):
            sys.stdout.buffer.write(b"%08d " % i + bytes(range(256)) * 0 + b"line\\r\\n\\x00\\xff\\n")
        sys.stderr.buffer.write(b"E" * 1_000_000 + b"\\n")
        """,
    )
    stdin = os.urandom(300_000)
    expected = stdin + b"".join(b"%08d " % i + b"line\r\n\x00\xff\n" for i in range(40000))
    with (tmp_path / "out.bin").open("wb") as out:
        result = hfcarbon(*track(card, sys.executable, str(echo)), cwd=tmp_path, stdin=stdin, stdout=out)
    assert result.code == 0, result.err[-2000:]
    assert (tmp_path / "out.bin").read_bytes() == expected
    assert result.err.startswith("E" * 1_000_000 + "\n")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signals_are_forwarded_to_the_command_group(tmp_path: Path, card: Path, signum: int) -> None:
    sleeper = script(
        tmp_path,
        "sleeper.py",
        """
        import os, signal, subprocess, sys, time
        def handler(signum, frame):
            open("got", "w").write(f"{signum}\\n")
            sys.exit(42)
        signal.signal(signal.SIGTERM, handler)
        signal.signal(signal.SIGINT, handler)
        grandchild = subprocess.Popen(["sleep", "60"])
        open("ready", "w").write(f"{os.getpid()} {grandchild.pid}\\n")
        time.sleep(60)
        """,
    )
    code = "import sys\nfrom hfcarbon_lint.cli import main\nsys.exit(main(sys.argv[1:]))"
    wrapper = subprocess.Popen(
        [sys.executable, "-c", code, *track(card, sys.executable, str(sleeper))],
        cwd=tmp_path,
        env=clean_env({"TMPDIR": str(tmp_path)}),  # the kept measurement of the failed run lands here
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        child_pid, grandchild_pid = map(int, wait_for(tmp_path / "ready").split())
        assert os.getpgid(child_pid) == child_pid  # its own process group
        assert os.getpgid(child_pid) != os.getpgid(wrapper.pid)
        os.kill(wrapper.pid, signum)
        _, err = wrapper.communicate(timeout=60)
    finally:
        if wrapper.poll() is None:
            wrapper.kill()
    assert wrapper.returncode == 42, err.decode()
    assert (tmp_path / "got").read_text() == f"{int(signum)}\n"
    try:  # the whole group got it: the grandchild is gone too
        assert psutil.Process(grandchild_pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        pass
    assert card.read_bytes() == CARD  # exit 42 is a failure


def test_dry_run_prints_the_diff_on_stderr(tmp_path: Path, card: Path) -> None:
    quick = script(tmp_path, "quick.py", "print('done')\n")
    result = hfcarbon(*track(card, sys.executable, str(quick), extra=("--dry-run",)), cwd=tmp_path)
    assert result.code == 0, result.err
    assert result.out == b"done\n"
    assert "+co2_eq_emissions:\n" in result.err and "+  emissions: " in result.err and "--- a/" in result.err
    assert card.read_bytes() == CARD


def test_no_location_no_run(tmp_path: Path, card: Path) -> None:
    marker = script(tmp_path, "marker.py", "open('ran', 'w').write('yes')\n")
    result = hfcarbon("track", "--card", str(card), "--", sys.executable, str(marker), cwd=tmp_path)
    assert result.code == 2 and "--country" in result.err and "never guesses" in result.err
    result = hfcarbon("track", "--card", str(card), "--country", "FR", "--", sys.executable, str(marker), cwd=tmp_path)
    assert result.code == 2 and "FRA" in result.err
    assert not (tmp_path / "ran").exists()


def test_without_codecarbon_it_says_how_to_install(tmp_path: Path, card: Path) -> None:
    marker = script(tmp_path, "marker.py", "open('ran', 'w').write('yes')\n")
    prelude = "import sys; sys.modules['codecarbon'] = None  # as if it were not installed"
    result = hfcarbon(*track(card, sys.executable, str(marker)), cwd=tmp_path, prelude=prelude)
    assert result.code == 2
    assert "pip install 'hfcarbon-lint[track]'" in result.err and "Traceback" not in result.err
    assert not (tmp_path / "ran").exists()


def test_command_not_found_is_127(tmp_path: Path, card: Path) -> None:
    result = hfcarbon(*track(card, "no-such-command-hfcarbon"), cwd=tmp_path)
    assert result.code == 127 and "command not found" in result.err
    assert card.read_bytes() == CARD


def test_a_broken_card_is_refused_before_running(tmp_path: Path) -> None:
    broken = tmp_path / "README.md"
    broken.write_text("---\nlicense: [mit\n---\n", encoding="utf-8")
    marker = script(tmp_path, "marker.py", "open('ran', 'w').write('yes')\n")
    result = hfcarbon(*track(broken, sys.executable, str(marker)), cwd=tmp_path)
    assert result.code == 2 and "does not parse" in result.err
    assert not (tmp_path / "ran").exists()


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def _record(self) -> None:
        type(self).requests.append(f"{self.command} {self.path}")
        self.send_response(502)
        self.end_headers()

    do_GET = do_POST = do_PUT = do_CONNECT = do_HEAD = _record

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[str]:
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_ambient_codecarbon_configuration_cannot_change_anything(
    tmp_path: Path, card: Path, cpu_loop: Path, recorder: str
) -> None:
    """CODECARBON_* variables and both config files ask for network outputs, another place, process mode,
    a PUE of 10, a lock and debug logs; a proxy that records every request catches any connection."""
    settings = {
        "output_methods": "csv,api,prometheus,logger",
        "save_to_api": "true",
        "emissions_endpoint": f"{recorder}/emissions",
        "api_endpoint": f"{recorder}/api",
        "prometheus_url": recorder,
        "electricitymaps_api_token": "secret",
        "co2_signal_api_token": "secret",
        "country_iso_code": "CAN",
        "region": "quebec",
        "country_2letter_iso_code": "CA",
        "cloud_provider": "gcp",
        "cloud_region": "us-central1",
        "tracking_mode": "process",
        "pue": "10",
        "force_carbon_intensity_g_co2e_kwh": "100000",
        "allow_multiple_runs": "false",
        "output_dir": str(tmp_path),
        "log_level": "debug",
    }
    config = "[codecarbon]\n" + "".join(f"{key} = {value}\n" for key, value in settings.items())
    (tmp_path / ".codecarbon.config").write_text(config, encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".codecarbon.config").write_text(config, encoding="utf-8")
    env = clean_env({f"CODECARBON_{key.upper()}": value for key, value in settings.items()})
    env.update({"HOME": str(home), "NO_PROXY": "", "no_proxy": ""})
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        env[name] = recorder
    result = hfcarbon(
        *track(card, sys.executable, str(cpu_loop), "1", extra=("--save-csv", "kept.csv")), cwd=tmp_path, env=env
    )
    assert result.code == 0, result.err
    assert _Recorder.requests == []
    assert "[codecarbon" not in result.err  # no CodeCarbon log lines between the command's output
    assert carbon_of(card)["geographical_location"] == "France"
    with (tmp_path / "kept.csv").open(newline="") as stream:
        [row] = list(csv.DictReader(stream))
    assert (row["country_iso_code"], row["tracking_mode"], row["pue"], row["on_cloud"]) == (
        "FRA",
        "machine",
        "1.0",
        "N",
    )
    intensity = float(row["emissions"]) * 1000 / float(row["energy_consumed"])  # g/kWh
    assert 20 < intensity < 200  # France's grid, not a forced 100000 or Quebec's
    assert not (tmp_path / "emissions.csv").exists() and not (home / "emissions.csv").exists()


def test_keyboard_and_terminal_go_to_the_command(tmp_path: Path, card: Path) -> None:
    """On a terminal the command is the foreground group: it reads the keyboard, Ctrl-Z and Ctrl-C reach it."""
    interactive = script(
        tmp_path,
        "interactive.py",
        """
        import time
        name = input("name? ")
        print("hello", name, flush=True)
        time.sleep(60)
        """,
    )
    argv = [sys.executable, "-c", "import sys\nfrom hfcarbon_lint.cli import main\nsys.exit(main(sys.argv[1:]))"]
    argv += track(card, sys.executable, str(interactive))
    env = clean_env({"TMPDIR": str(tmp_path)})
    pid, master = os.forkpty()
    if pid == 0:  # the child: a session whose controlling terminal is the pty
        try:
            os.chdir(tmp_path)
            os.execve(sys.executable, argv, env)
        finally:
            os._exit(127)
    output = b""

    def read_until(marker: bytes, timeout: float = 60) -> None:
        nonlocal output
        deadline = time.monotonic() + timeout
        while marker not in output and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    output += os.read(master, 65536)
                except OSError:
                    break
        assert marker in output, output.decode(errors="replace")

    try:
        read_until(b"name? ")
        os.write(master, b"world\n")
        read_until(b"hello world")
        os.write(master, b"\x1a")  # Ctrl-Z: the command stops, then track stops too (a stopped job)
        _, status = os.waitpid(pid, os.WUNTRACED)
        assert os.WIFSTOPPED(status)
        os.kill(pid, signal.SIGCONT)  # `fg`: track resumes and gives the terminal back to the command
        time.sleep(0.5)
        os.write(master, b"\x03")  # Ctrl-C, from the terminal: to the foreground group
        read_until(b"KeyboardInterrupt")
        _, status = os.waitpid(pid, 0)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(master)
    assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGINT
    assert card.read_bytes() == CARD


def test_track_is_listed_and_documented() -> None:
    result = hfcarbon("track", "--help", cwd=REPO)
    assert result.code == 0 and "--country" in result.text and "--write-on-failure" in result.text
    result = hfcarbon("fill", "--help", cwd=REPO)
    assert result.code == 0 and "--from-codecarbon" in result.text


def test_when_codecarbon_fails_the_command_still_completes(tmp_path: Path, card: Path) -> None:
    """CodeCarbon's stop() returns None when it cannot write its CSV: here the command deletes its folder."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    saboteur = script(
        tmp_path,
        "saboteur.py",
        f"""
        import pathlib, shutil
        for folder in pathlib.Path({str(temporary)!r}).glob("hfcarbon-lint-track-*"):
            shutil.rmtree(folder)
        print("trained")
        """,
    )
    env = clean_env({"TMPDIR": str(temporary)})
    result = hfcarbon(*track(card, sys.executable, str(saboteur)), cwd=tmp_path, env=env)
    assert result.code == 0  # the command's code, though nothing was measured
    assert result.out == b"trained\n"
    assert "no measurement written" in result.err and "stop() gave None" in result.err
    assert "CodeCarbon warning" in result.err and "OSError" in result.err  # its own explanation, captured
    assert card.read_bytes() == CARD
