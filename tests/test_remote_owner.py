"""``hf://owner``: every card of a user or organisation, against the fake Hub on 127.0.0.1 (no test reaches the network)."""

import fcntl
import json
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time

import pytest
from conftest import ROOT, run_cli
from fakehub import FakeHub

from cardlint.remote import Fetched, RemoteOwner, RemotePathError, RemoteRepo, RemoteTarget, parse

CLEAN = "---\nlicense: mit\n---\n# Model\n"
UPPER = "---\nlicense: MIT\n---\n# Model\n"


@pytest.fixture
def hub():
    """acme's models, added newest last so the Hub lists them out of id order, two a page (three pages)."""
    with FakeHub() as fake:
        fake.add("model", "acme/alpha", {"README.md": UPPER, "weights.bin": "w"})
        fake.add("model", "acme/gated", {"README.md": UPPER})
        fake.gated.add(("model", "acme/gated"))
        fake.add("model", "acme/beta", {"README.md": CLEAN})
        fake.add("model", "acme/nocard", {"config.json": "{}"})
        fake.add("model", "acme/zeta", {"README.md": UPPER})
        fake.add("model", "other/alpha", {"README.md": UPPER})
        fake.add("model", "tidy/one", {"README.md": CLEAN})
        fake.add("model", "tidy/two", {"README.md": CLEAN})
        fake.add("dataset", "acme/reviews", {"README.md": "---\nlicense: mit\ntask_categories: [sentiment-analysis]\n---\n# Data\n"})
        fake.add("space", "acme/demo", {"README.md": "---\nsdk: gradio\napp_file: app.py\n---\n# Demo\n"})
        yield fake


def env(hub, tmp_path, **more):
    return {"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf-home"), "HF_HUB_DISABLE_TELEMETRY": "1", "HF_TOKEN": "", "HF_HUB_ETAG_TIMEOUT": "5", "HF_HUB_DOWNLOAD_TIMEOUT": "5", **more}


def hf(hub, tmp_path, *args, **more):
    return run_cli("--no-config", *args, cwd=tmp_path, env=env(hub, tmp_path, **more))


def triples(result):
    return [(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]


def readme_gets(hub):
    """Repository name -> the revision each README.md was downloaded at (each once)."""
    gets = [request.split("/") for request in hub.requests if request.startswith("GET ") and request.endswith("/README.md")]
    assert len(gets) == len({parts[2] for parts in gets}), gets
    return {parts[2]: parts[4] for parts in gets}


def asked_for_a_card(hub):
    """The repositories whose README.md the Hub was asked about at all (HEAD or GET)."""
    return {request.split("/")[2] for request in hub.requests if request.endswith("/README.md")}


ACME_ERRORS = "cardlint: error: hf://acme/gated: gated repository: accept its conditions on the Hub, then set HF_TOKEN\ncardlint: error: hf://acme/nocard: the repository has no README.md\n"


@pytest.mark.parametrize(
    ("path", "parsed"),
    [
        ("hf://acme", RemoteOwner("acme", "model", "hf://acme")),
        ("hf://acme/", RemoteOwner("acme", "model", "hf://acme/")),
        ("hf://models/acme", RemoteOwner("acme", "model", "hf://models/acme")),
        ("hf://datasets/acme", RemoteOwner("acme", "dataset", "hf://datasets/acme")),
        ("hf://spaces/acme-labs.io/", RemoteOwner("acme-labs.io", "space", "hf://spaces/acme-labs.io/")),
        ("hf://acme/datasets", RemoteTarget("acme/datasets", "model", None, "hf://acme/datasets")),
        ("hf://datasets/acme/reviews", RemoteTarget("acme/reviews", "dataset", None, "hf://datasets/acme/reviews")),
        ("hf://datasets/acme/reviews/", RemoteTarget("acme/reviews", "dataset", None, "hf://datasets/acme/reviews/")),
        ("hf://spaces/acme/demo@v1", RemoteTarget("acme/demo", "space", "v1", "hf://spaces/acme/demo@v1")),
    ],
)
def test_an_owner_is_a_path_without_a_name(path, parsed):
    assert parse(path) == parsed


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("hf://acme@v1", "hf://acme@v1: a revision belongs to one repository: write hf://acme/NAME@v1, or hf://acme for the latest commit of each"),
        ("hf://datasets/acme@main/", "hf://datasets/acme@main/: a revision belongs to one repository: write hf://datasets/acme/NAME@main, or hf://datasets/acme for the latest commit of each"),
        ("hf://datasets", "hf://datasets: name an owner: hf://datasets/OWNER"),
        ("hf://spaces/", "hf://spaces/: name an owner: hf://spaces/OWNER"),
        ("hf://", "hf://: not a Hub path"),
        ("hf://acme//", "hf://acme//: not a Hub path"),
    ],
)
def test_a_path_that_names_no_owner_is_refused_before_any_request(path, message):
    with pytest.raises(RemotePathError) as raised:
        parse(path)
    assert str(raised.value).startswith(message)


def test_every_card_of_an_owner_in_id_order_whatever_order_they_arrive_in(hub, tmp_path):
    hub.drip[f"/acme/alpha/resolve/{hub.commit('model', 'acme/alpha', 'main')}/README.md"] = 0.02
    result = hf(hub, tmp_path, "--select", "CL101", "--format", "json", "hf://acme")
    assert triples(result) == [("hf://acme/alpha/README.md", "CL101", 2, 10), ("hf://acme/zeta/README.md", "CL101", 2, 10)]
    assert (result.returncode, result.stderr.decode()) == (2, ACME_ERRORS)
    assert hub.requests.count("GET /api/models") == 3
    assert not any("/other/" in request for request in hub.requests)


def test_the_text_report_is_in_id_order_too(hub, tmp_path):
    text = hf(hub, tmp_path, "--select", "CL101", "hf://acme").stdout.decode()
    assert text.index("hf://acme/alpha/README.md:2:10: CL101") < text.index("hf://acme/zeta/README.md:2:10: CL101")


@pytest.mark.parametrize(("path", "status"), [("hf://tidy", 0), ("hf://other", 1), ("hf://nobody", 2)])
def test_exit_status(hub, tmp_path, path, status):
    result = hf(hub, tmp_path, "--select", "CL101", path)
    assert result.returncode == status, result.stderr
    if status == 2:
        assert result.stderr.decode() == f"cardlint: error: hf://nobody: no models of nobody on {hub.url} (private ones need HF_TOKEN)\n"


def test_datasets_and_spaces_of_an_owner_are_their_own_kind(hub, tmp_path):
    dataset = hf(hub, tmp_path, "--select", "CL110", "--format", "json", "hf://datasets/acme")
    assert triples(dataset) == [("hf://datasets/acme/reviews/README.md", "CL110", 3, 19)]
    space = hf(hub, tmp_path, "--select", "CL602", "--format", "json", "hf://spaces/acme/")
    assert triples(space) == [("hf://spaces/acme/demo/README.md", "CL602", 3, 11)]


def test_a_card_named_twice_is_linted_once(hub, tmp_path):
    result = hf(hub, tmp_path, "--select", "CL101", "--format", "json", "hf://other/alpha", "hf://other")
    assert triples(result) == [("hf://other/alpha/README.md", "CL101", 2, 10)]


def test_a_second_run_asks_the_hub_only_for_the_cards_whose_commit_changed(hub, tmp_path):
    first = hf(hub, tmp_path, "--select", "CL101", "--format", "json", "hf://acme")
    assert readme_gets(hub) == {name: hub.commit("model", f"acme/{name}", "main") for name in ("alpha", "beta", "zeta")}
    hub.requests.clear()
    second = hf(hub, tmp_path, "--select", "CL101", "--format", "json", "hf://acme")
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
    assert asked_for_a_card(hub) == {"gated"}
    hub.add("model", "acme/beta", {"README.md": UPPER})
    hub.requests.clear()
    third = hf(hub, tmp_path, "--select", "CL101", "--format", "json", "hf://acme")
    assert [path for path, *_ in triples(third)] == ["hf://acme/alpha/README.md", "hf://acme/beta/README.md", "hf://acme/zeta/README.md"]
    assert asked_for_a_card(hub) == {"beta", "gated"}
    assert readme_gets(hub) == {"beta": hub.commit("model", "acme/beta", "main")}


def test_many_cards_give_the_same_report_in_one_process_or_several(hub, tmp_path):
    for number in range(20):
        hub.add("model", f"many/card-{number:02d}", {"README.md": UPPER if number % 3 else CLEAN})
    hub.page_size = 7
    one = hf(hub, tmp_path, "--select", "CL101", "--jobs", "1", "hf://many")
    several = hf(hub, tmp_path, "--select", "CL101", "--jobs", "3", "hf://many")
    assert one.returncode == several.returncode == 1
    assert one.stdout == several.stdout and one.stdout.decode().count(": CL101 ") == 13
    assert (one.stderr, several.stderr) == (b"", b"")


def test_offline_the_owner_cannot_be_listed_in_one_line(hub, tmp_path):
    result = hf(hub, tmp_path, "hf://acme", HF_HUB_OFFLINE="1")
    assert (result.returncode, result.stderr.decode()) == (2, "cardlint: error: hf://acme: offline mode (HF_HUB_OFFLINE) is on, so the models of acme cannot be listed\n")


def on_a_terminal(hub, tmp_path, *args):
    """Run cardlint with standard error on a pseudo-terminal 100 columns wide; (exit status, standard output, what the terminal showed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    shown = bytearray()

    def drain() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    environment = {**os.environ, **env(hub, tmp_path), "PYTHONPATH": str(ROOT)}
    child = subprocess.run([sys.executable, "-m", "cardlint", "--no-config", *args], cwd=tmp_path, stdout=subprocess.PIPE, stderr=follower, env=environment, timeout=120)
    os.close(follower)
    reader.join(10)
    os.close(leader)
    return child.returncode, child.stdout.decode(), shown.decode(errors="replace")


@pytest.mark.skipif(sys.platform != "linux", reason="pseudo-terminal sizes are set the Linux way")
def test_a_progress_bar_on_a_terminal_only_and_not_under_quiet(hub, tmp_path):
    hub.latency = 0.05
    status, out, shown = on_a_terminal(hub, tmp_path, "--select", "CL101", "hf://acme")
    assert status == 2 and out.count(": CL101 ") == 2
    assert "hf://acme:" in shown and "/5 [" in shown and "card/s" in shown
    assert "cardlint: error: hf://acme/gated: gated repository" in shown
    quiet_status, quiet_out, quiet_shown = on_a_terminal(hub, tmp_path, "--select", "CL101", "--quiet", "hf://acme")
    assert quiet_status == 2 and quiet_out.count(": CL101 ") == 2
    assert quiet_shown.replace("\r\n", "\n") == ACME_ERRORS


def test_an_interrupted_run_exits_at_once_leaving_a_slow_download_behind(hub, tmp_path):
    dripping = f"/acme/alpha/resolve/{hub.commit('model', 'acme/alpha', 'main')}/README.md"
    hub.drip[dripping] = 5.0
    environment = {**os.environ, **env(hub, tmp_path, CARDLINT_HUB_DEADLINE="600"), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "cardlint", "--no-config", "hf://acme"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    try:
        while f"GET {dripping}" not in hub.requests and child.poll() is None:
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    assert (child.returncode, err) == (130, b"cardlint: interrupted\n")


def test_a_card_downloaded_ahead_gets_its_time_left_on_the_hub_from_when_it_is_linted():
    repo = RemoteRepo(RemoteTarget("acme/alpha", "model", None, "hf://acme/alpha"), {}, deadline=0.0)
    card = Fetched("hf://acme/alpha/README.md", "model", "text", repo, left=30.0)
    before = time.monotonic()
    assert card.load() == ("text", repo, None, "model")
    assert before + 30.0 <= repo.deadline <= time.monotonic() + 30.0
