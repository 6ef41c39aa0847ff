"""``hfcarbon-lint org/model``: one card on the (fake) Hub, linted like a file; every failure is one line and exit 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fakehub import closed_port_endpoint
from hubcards import CARD, KG_CARD

TOKEN = "hf_TestTokenDoNotPrint0123456789"


def one_line_failure(err: str, target: str = "org/model") -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"hfcarbon-lint: {target}: "), err
    assert "Traceback" not in err
    return lines[0]


def test_remote_card_is_linted_like_a_file(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    model = hub.add_model("org/model", KG_CARD)
    run = cli("org/model")
    assert run.code == 1  # HFC013 is an error
    assert "hf://org/model/README.md:4:14: HFC013" in run.out
    assert '  emissions: "1.2 kg"' in run.out  # the remote source line is quoted
    assert f"org/model @ {model.commit()[:12]}: reporting class 3 Energy Awareness, 1200 g CO2eq" in run.out
    assert hub.count("HEAD") == 0  # one GET: the bytes and the commit come from the same answer
    assert hub.count("GET", "/org/model/resolve/main/README.md") == 1


def test_json_output_says_remote_and_commit(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    model = hub.add_model("org/model", CARD)
    run = cli("org/model", "--format", "json")
    assert run.code == 0, run.err
    card = json.loads(run.out)["cards"][0]
    assert card["target"] == "org/model"
    assert card["path"] == "hf://org/model/README.md"
    assert card["remote"] == {"repo_id": "org/model", "revision": "main", "commit": model.commit(), "source": "hub"}
    assert re.fullmatch(r"[0-9a-f]{40}", card["remote"]["commit"])
    assert card["reporting_class"] == "Energy Awareness"
    assert all(d["path"] == "hf://org/model/README.md" for d in card["diagnostics"])


def test_revision_reads_that_revision(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    model = hub.add_model("org/model", CARD, revisions={"v1.0": KG_CARD})
    run = cli("hf://org/model", "--revision", "v1.0", "-f", "json")
    card = json.loads(run.out)["cards"][0]
    assert card["remote"]["revision"] == "v1.0"
    assert card["remote"]["commit"] == model.commit("v1.0") != model.commit("main")
    assert card["path"] == "hf://org/model@v1.0/README.md"
    assert [d["code"] for d in card["diagnostics"] if d["severity"] == "error"] == ["HFC013"]
    assert hub.count("GET", "/org/model/resolve/v1.0/README.md") == 1


def test_local_path_wins_and_remote_forces_the_hub(hub, hub_env, cli, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", KG_CARD)
    local = tmp_path / "org" / "model"
    local.mkdir(parents=True)
    (local / "README.md").write_text(CARD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    run = cli("org/model", "-f", "json")
    assert json.loads(run.out)["cards"][0]["path"] == str(Path("org/model/README.md"))
    assert hub.count() == 0
    run = cli("org/model", "--remote", "-f", "json")
    card = json.loads(run.out)["cards"][0]
    assert card["path"] == "hf://org/model/README.md" and card["remote"]["source"] == "hub"
    assert hub.count() == 1


def test_stale_cache_is_never_used_when_the_hub_was_asked(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    model = hub.add_model("org/model", KG_CARD)
    assert cli("org/model").code == 1  # now cached
    model.readme = CARD.encode()
    run = cli("org/model", "-f", "json")
    assert json.loads(run.out)["cards"][0]["remote"]["commit"] == model.commit()  # the new content, not the cache
    hub.fail("org/model", "status", status=500)
    run = cli("org/model", "-f", "json")
    assert run.code == 2
    assert json.loads(run.out)["cards"] == []
    assert "HTTP 500" in one_line_failure(run.err)


def test_offline_reads_only_the_cache_and_says_so(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    model = hub.add_model("org/model", KG_CARD)
    assert cli("org/model").code == 1
    hub.reset_counts()
    run = cli("org/model", "--offline", "-f", "json")
    assert run.code == 1
    card = json.loads(run.out)["cards"][0]
    assert card["remote"]["source"] == "cache" and card["remote"]["commit"] == model.commit()
    assert "offline: read from the local cache" in run.err and "not checked against the Hub" in run.err
    assert hub.count() == 0
    run = cli("org/other", "--offline")
    assert run.code == 2
    assert "not in the local cache" in one_line_failure(run.err, "org/other")
    assert hub.count() == 0


def test_hf_hub_offline_environment_means_offline(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", KG_CARD)
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    run = cli("org/model")
    assert run.code == 2 and "not in the local cache" in one_line_failure(run.err)
    assert hub.count() == 0


FAILURES = [
    ("missing repo", lambda hub: None, "repository not found"),
    ("gated", lambda hub: hub.add_model("org/model", CARD, gated="manual"), "gated repo (HTTP 401)"),
    ("no readme", lambda hub: hub.add_model("org/model", None), "no README.md at revision 'main'"),
    ("401", lambda hub: hub.fail("org/model", status=401), "authentication required (HTTP 401)"),
    ("403", lambda hub: hub.fail("org/model", status=403), "access denied (HTTP 403)"),
    ("500", lambda hub: hub.fail("org/model", status=500), "the Hub answered HTTP 500"),
    ("503", lambda hub: hub.fail("org/model", status=503, headers={"Retry-After": "0"}), "HTTP 503"),
    ("429", lambda hub: hub.fail("org/model", status=429, headers={"Retry-After": "0"}), "rate limited"),
    ("stall", lambda hub: hub.fail("org/model", "stall", seconds=3), "within 0.5 s (timeout)"),
    ("truncated", lambda hub: hub.fail("org/model", "truncated", times=1), "truncated answer"),
    ("dropped", lambda hub: hub.fail("org/model", "drop"), "closed the connection without answering"),
]


@pytest.mark.parametrize(("name", "setup", "expected"), FAILURES, ids=[f[0] for f in FAILURES])
def test_failures_are_one_line_and_exit_2(hub, hub_env, cli, monkeypatch, name, setup, expected):  # type: ignore[no-untyped-def]
    if name not in ("missing repo", "gated", "no readme"):
        hub.add_model("org/model", CARD)
    setup(hub)
    monkeypatch.setenv("HFCARBON_LINT_HUB_TIMEOUT", "0.5")
    run = cli("org/model")
    assert run.code == 2
    assert expected in one_line_failure(run.err)
    assert "hf://org/model/README.md:" not in run.out  # nothing was linted


def test_bad_revision(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", CARD)
    run = cli("org/model", "--revision", "nope")
    assert run.code == 2
    assert "revision 'nope' not found" in one_line_failure(run.err)


def test_connection_refused(hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HF_ENDPOINT", closed_port_endpoint())
    run = cli("org/model")
    assert run.code == 2
    assert "connection refused" in one_line_failure(run.err)


def test_429_retry_after_is_honoured_then_the_card_is_read(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", KG_CARD)
    hub.fail("org/model", status=429, headers={"Retry-After": "0"}, times=2)
    monkeypatch.setenv("HFCARBON_LINT_HUB_RETRIES", "2")
    run = cli("org/model", "-q")
    assert run.code == 1 and "HFC013" in run.out and run.err == ""
    assert hub.count("GET") == 3


def test_429_persisting_reports_the_attempts(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", KG_CARD)
    hub.fail("org/model", status=429, headers={"Retry-After": "0"})
    monkeypatch.setenv("HFCARBON_LINT_HUB_RETRIES", "2")
    line = one_line_failure(cli("org/model").err)
    assert "rate limited by the Hub (HTTP 429) (after 3 attempts)" in line
    assert hub.count("GET") == 3


def test_a_long_retry_after_is_reported_not_slept(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", KG_CARD)
    hub.fail("org/model", status=429, headers={"Retry-After": "3600"})
    monkeypatch.setenv("HFCARBON_LINT_HUB_RETRIES", "2")
    line = one_line_failure(cli("org/model").err)
    assert "retry in 3600 s" in line
    assert hub.count("GET") == 1


def test_token_is_sent_never_printed(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", CARD, gated="manual", allowed_tokens=("hf_SomeoneElsesToken0000000",))
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    run = cli("org/model")
    assert "gated repo (HTTP 403)" in one_line_failure(run.err)
    assert f"Bearer {TOKEN}" in hub.auth_headers
    assert TOKEN not in run.out + run.err
    hub.models["org/model"].allowed_tokens = (TOKEN,)
    run = cli("org/model", "-f", "json")
    assert run.code == 0 and json.loads(run.out)["cards"][0]["remote"]["source"] == "hub"


def test_renamed_repo_redirect_is_followed(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/new-name", KG_CARD, renamed_from="org/old-name")
    run = cli("org/old-name", "-f", "json")
    card = json.loads(run.out)["cards"][0]
    assert card["target"] == "org/old-name" and card["reporting_class"] == "Energy Awareness"


# -- as a real process: what a user sees -----------------------------------------------------------


def test_process_remote_json_and_failure_without_traceback(hub, proc):  # type: ignore[no-untyped-def]
    model = hub.add_model("org/model", CARD)
    run = proc("org/model", "--format", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)["cards"][0]["remote"]["commit"] == model.commit()
    run = proc("org/model", env={"HF_ENDPOINT": closed_port_endpoint()})
    assert run.code == 2
    assert "connection refused" in one_line_failure(run.err)


def test_process_truncated_body_is_retried_then_one_line(hub, proc):  # type: ignore[no-untyped-def]
    """A body always cut short: retried (--retries), then one line; never a partial file in the cache."""
    hub.add_model("org/model", CARD)
    hub.fail("org/model", "truncated")
    run = proc("org/model", "--retries", "1")
    assert run.code == 2
    assert "truncated answer" in one_line_failure(run.err)
    assert "(after 2 attempts)" in run.err
    assert hub.count("GET", "/org/model/resolve/") == 2


def test_gated_card_points_at_the_metadata_audit(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", KG_CARD, gated="auto")
    line = one_line_failure(cli("org/model").err)
    assert line.endswith("; `hfcarbon-lint audit org/model` checks its public metadata")
    run = cli("audit", "org/model", "-f", "json")
    assert run.code == 0 and json.loads(run.out)["cards"][0]["reporting_class"] == "Energy Awareness"


def test_timeout_flag_bounds_a_stalled_hub(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", CARD)
    hub.fail("org/model", "stall", seconds=3)
    run = cli("org/model", "--timeout", "0.3", "--retries", "0")
    assert run.code == 2 and "within 0.3 s (timeout)" in one_line_failure(run.err)


def test_label_takes_the_same_timeout_and_retries_flags(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", CARD)
    hub.fail("org/model", "stall", seconds=3)
    run = cli("label", "org/model", "--timeout", "0.3", "--retries", "0")
    assert run.code == 2 and "within 0.3 s (timeout)" in one_line_failure(run.err)
    assert hub.count("GET", "/org/model/") == 1  # --retries 0: asked once


def test_raw_hub_requests_send_the_token_and_our_user_agent(hub, hub_env, cli, monkeypatch):  # type: ignore[no-untyped-def]
    """The README download and the JSON API calls build their headers in one place (hub.client.hub_headers)."""
    from hfcarbon_lint import __version__

    hub.add_model("org/model", KG_CARD, downloads=10)
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    run = cli("label", "org/model")  # README.md, then /api/models/org/model
    assert run.code == 0, run.err
    paths = {path for path, _ in hub.user_agents}
    assert any(p.endswith("/README.md") for p in paths) and any(p.startswith("/api/models/") for p in paths)
    assert all(f"hfcarbon-lint/{__version__}" in agent for _, agent in hub.user_agents), hub.user_agents
    assert hub.auth_headers and len(hub.auth_headers) == len(hub.user_agents)
    assert set(hub.auth_headers) == {f"Bearer {TOKEN}"}


def test_remote_card_label_and_streamed_text(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("org/model", KG_CARD)
    text = cli("org/model", "--label")
    assert "org/model: efficiency label " in text.out
    document = json.loads(cli("org/model", "--label", "-f", "json").out)
    assert document["cards"][0]["label"]["attributes"][0]["value"] == 1200.0


# -- single-name ids (gpt2): the Hub still serves them, so every command takes them ---------------


@pytest.mark.parametrize("spelling", [("--remote", "gpt2"), ("hf://gpt2",), ("--remote", "models/gpt2")])
def test_a_single_name_hub_id_is_a_repo_id(hub, hub_env, cli, spelling):  # type: ignore[no-untyped-def]
    hub.add_model("gpt2", KG_CARD)
    run = cli(*spelling)
    assert run.code == 1, run.err  # the card was read: HFC013 on the kilogram string
    assert "hf://gpt2/README.md:4:14: HFC013" in run.out


def test_a_bare_word_that_is_no_file_gets_the_remote_hint(tmp_path: Path, cli, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    run = cli("distilgpt2")
    assert run.code == 2
    assert "distilgpt2: no such file or directory; for the Hub model 'distilgpt2' use --remote distilgpt2" in run.err


@pytest.mark.parametrize("bad", ["a--b", "-gpt2", "gpt2.", "x" * 97, "a/b/c", "gpt 2"])
def test_what_the_hub_refuses_is_not_a_repo_id(bad: str, cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--remote", "--", bad)
    assert run.code == 2 and "not a Hub repo id" in run.err


def test_label_takes_a_single_name_id(hub, hub_env, cli):  # type: ignore[no-untyped-def]
    hub.add_model("distilgpt2", CARD, downloads=1000)
    run = cli("label", "--remote", "distilgpt2")
    assert run.code == 0, run.err
    assert "distilgpt2" in run.out
