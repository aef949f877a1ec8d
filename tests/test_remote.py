"""Cards from the Hub, against a fake Hub on 127.0.0.1 (HF_ENDPOINT): no test touches the real network."""

import json

import pytest
from conftest import run_cli
from fakehub import Blob, FakeHub

MODEL = "---\nlicense: MIT\nlibrary_name: transformers\nthumbnail: images/t.png\n---\n# Model\n\n![a](figures/a.png)\n"


@pytest.fixture
def hub(tmp_path):
    with FakeHub() as fake:
        fake.add("model", "acme/custom", {"README.md": MODEL, "model.pt": "weights", "figures/a.png": "png"})
        fake.add("model", "acme/custom", {"README.md": "---\nlicense: mit\n---\n# Old\n"}, revision="v1")
        fake.add("dataset", "acme/reviews", {"README.md": "---\nlicense: mit\ntask_categories: [sentiment-analysis]\n---\n# Data\n"})
        fake.add("space", "acme/demo", {"README.md": "---\nsdk: gradio\napp_file: app.py\n---\n# Demo\n"})
        fake.add("model", "acme/gated", {"README.md": MODEL})
        fake.gated.add(("model", "acme/gated"))
        fake.add("model", "acme/empty", {"config.json": "{}"})
        yield fake


def hf(hub, tmp_path, *args, offline=False, deadline=None):
    env = {"HF_ENDPOINT": hub.url, "HF_HOME": str(tmp_path / "hf-home"), "HF_HUB_DISABLE_TELEMETRY": "1", "HF_TOKEN": "", "HF_HUB_ETAG_TIMEOUT": "5", "HF_HUB_DOWNLOAD_TIMEOUT": "5"}
    if offline:
        env["HF_HUB_OFFLINE"] = "1"
    if deadline is not None:
        env["CARDLINT_HUB_DEADLINE"] = str(deadline)
    return run_cli("--no-config", *args, cwd=tmp_path, env=env)


def triples(result):
    return [(f["path"], f["rule"], f["line"], f["column"]) for f in json.loads(result.stdout)]


def test_model_card_findings_use_the_hub_file_list(hub, tmp_path):
    result = hf(hub, tmp_path, "--select", "CL101,CL401,CL601", "--format", "json", "hf://acme/custom")
    assert result.returncode == 1, result.stderr
    assert triples(result) == [
        ("hf://acme/custom/README.md", "CL101", 2, 10),
        ("hf://acme/custom/README.md", "CL401", 3, 15),
        ("hf://acme/custom/README.md", "CL601", 4, 12),
    ]
    assert "GET /api/models/acme/custom/tree/main" in hub.requests


def test_revision_dataset_and_space(hub, tmp_path):
    assert hf(hub, tmp_path, "--select", "CL1", "hf://acme/custom@v1").returncode == 0
    dataset = hf(hub, tmp_path, "--select", "CL110", "--format", "json", "hf://datasets/acme/reviews")
    assert triples(dataset) == [("hf://datasets/acme/reviews/README.md", "CL110", 3, 19)]
    space = hf(hub, tmp_path, "--select", "CL602", "--format", "json", "hf://spaces/acme/demo")
    assert triples(space) == [("hf://spaces/acme/demo/README.md", "CL602", 3, 11)]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("hf://acme/missing", "hf://acme/missing: repository not found on http://127.0.0.1:"),
        ("hf://acme/gated", "hf://acme/gated: gated repository: accept its conditions on the Hub, then set HF_TOKEN"),
        ("hf://acme/custom@nope", "hf://acme/custom@nope: revision 'nope' not found"),
        ("hf://acme/empty", "hf://acme/empty: the repository has no README.md"),
        ("hf://a/b/c", "hf://a/b/c: not a Hub path; write hf://owner/name"),
    ],
)
def test_errors_are_one_line_and_exit_2(hub, tmp_path, path, message):
    result = hf(hub, tmp_path, path)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith("cardlint: error: " + message) and err.count("\n") == 1, err


def test_offline_mode_uses_the_cache_or_says_why(hub, tmp_path):
    first = hf(hub, tmp_path, "--select", "CL101", "--format", "json", "hf://acme/custom")
    assert triples(first) == [("hf://acme/custom/README.md", "CL101", 2, 10)]
    hub.requests.clear()
    cached = hf(hub, tmp_path, "--select", "CL101", "--format", "json", "hf://acme/custom", offline=True)
    assert triples(cached) == [("hf://acme/custom/README.md", "CL101", 2, 10)] and hub.requests == []
    missing = hf(hub, tmp_path, "hf://acme/never", offline=True)
    assert missing.returncode == 2
    assert "offline mode (HF_HUB_OFFLINE) is on and README.md is not in the local cache" in missing.stderr.decode()


def test_no_network_is_one_line(tmp_path):
    result = run_cli("--no-config", "hf://acme/custom", cwd=tmp_path, env={"HF_ENDPOINT": "http://127.0.0.1:9", "HF_HOME": str(tmp_path / "h"), "HF_HUB_ETAG_TIMEOUT": "2"})
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err.startswith("cardlint: error: hf://acme/custom: cannot reach http://127.0.0.1:9") and err.count("\n") == 1, err


def test_sarif_keeps_the_hub_uri(hub, tmp_path):
    log = json.loads(hf(hub, tmp_path, "--select", "CL101", "--format", "sarif", "hf://acme/custom").stdout)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "hf://acme/custom/README.md"}


def test_fix_refuses_to_write_to_the_hub_but_diff_works(hub, tmp_path):
    assert "cannot write fixes there (use --diff)" in hf(hub, tmp_path, "--fix", "hf://acme/custom").stderr.decode()
    diff = hf(hub, tmp_path, "--diff", "hf://acme/custom")
    assert "+license: mit" in diff.stdout.decode()


def test_eval_results_on_the_hub_are_named_by_their_hf_path(hub, tmp_path):
    hub.add("model", "acme/evals", {"README.md": "---\nlicense: mit\n---\n# M\n", ".eval_results/mmlu.yaml": "- dataset: {id: cais/mmlu, task_id: mmlu}\n  value: Faster\n"})
    result = hf(hub, tmp_path, "--select", "CL501", "--format", "json", "hf://acme/evals")
    assert triples(result) == [("hf://acme/evals/.eval_results/mmlu.yaml", "CL501", 2, 10)]
    hub.requests.clear()
    text = hf(hub, tmp_path, "--select", "CL501", "hf://acme/evals").stdout.decode()
    assert " 2 |   value: Faster\n   |          ^^^^^^" in text
    assert sum(request.startswith("HEAD ") and request.endswith("/.eval_results/mmlu.yaml") for request in hub.requests) == 1


def test_a_card_larger_than_a_local_one_may_be_is_refused_before_it_is_downloaded(hub, tmp_path):
    hub.add("model", "acme/huge", {"README.md": Blob(300 * 1024 * 1024, b"x")})
    result = hf(hub, tmp_path, "hf://acme/huge")
    assert (result.returncode, result.stderr.decode()) == (2, "cardlint: error: hf://acme/huge/README.md: file is 300 MB, larger than the 10 MB cardlint reads\n")
    assert "GET /acme/huge/resolve/main/README.md" not in hub.requests


def test_an_eval_results_file_too_large_to_read_is_a_finding_and_is_not_downloaded(hub, tmp_path):
    hub.add("model", "acme/bigeval", {"README.md": "---\nlicense: mit\n---\n# M\n", ".eval_results/big.yaml": Blob(2 * 1024 * 1024, b"#")})
    result = hf(hub, tmp_path, "--select", "CL507", "--format", "json", "hf://acme/bigeval")
    assert result.returncode == 1, result.stderr
    [finding] = json.loads(result.stdout)
    assert (finding["path"], finding["line"], finding["message"]) == ("hf://acme/bigeval/.eval_results/big.yaml", 1, "file is 2 MB, larger than the 1 MB cardlint reads")
    assert not any(request.startswith("GET ") and request.endswith("big.yaml") for request in hub.requests)


@pytest.mark.parametrize("select", ["CL401", "CL601", "CL507"])
def test_a_failed_file_listing_is_said_in_one_line(hub, tmp_path, select):
    hub.broken_tree["model", "acme/custom"] = 403
    result = hf(hub, tmp_path, "--select", f"CL101,{select}", "--format", "json", "hf://acme/custom")
    assert result.returncode == 2
    assert triples(result) == [("hf://acme/custom/README.md", "CL101", 2, 10)]
    assert result.stderr.decode() == "cardlint: error: hf://acme/custom/README.md: the files next to the card were not checked: listing the repository's files, the Hub answered 403\n"


def test_offline_mode_says_the_file_rules_did_not_run_when_one_asks(hub, tmp_path):
    hf(hub, tmp_path, "--select", "CL101", "hf://acme/custom")
    quiet = hf(hub, tmp_path, "--select", "CL101", "hf://acme/custom", offline=True)
    assert (quiet.returncode, quiet.stderr) == (1, b"")
    asked = hf(hub, tmp_path, "--select", "CL101,CL601", "--format", "json", "hf://acme/custom", offline=True)
    assert asked.returncode == 2 and triples(asked) == [("hf://acme/custom/README.md", "CL101", 2, 10)]
    assert asked.stderr.decode() == "cardlint: error: hf://acme/custom/README.md: the files next to the card were not checked: offline mode (HF_HUB_OFFLINE) is on, so the repository's files cannot be listed\n"


def test_a_server_that_drips_bytes_meets_the_card_deadline(hub, tmp_path):
    hub.add("model", "acme/slow", {"README.md": "---\nlicense: mit\n---\n# A card sent one byte a second\n"})
    hub.drip["/acme/slow/resolve/main/README.md"] = 1.0
    result = hf(hub, tmp_path, "hf://acme/slow", "hf://acme/custom", "--select", "CL101", "--format", "json", deadline=3)
    assert result.returncode == 2
    assert result.stderr.decode() == "cardlint: error: hf://acme/slow: the Hub did not send README.md within 3 seconds (CARDLINT_HUB_DEADLINE)\n"
    assert triples(result) == [("hf://acme/custom/README.md", "CL101", 2, 10)]


def test_a_neighbour_that_drips_is_a_finding_once_the_deadline_passes(hub, tmp_path):
    hub.add("model", "acme/slowevals", {"README.md": "---\nlicense: mit\n---\n# M\n", ".eval_results/mmlu.yaml": "- dataset: {id: cais/mmlu, task_id: mmlu}\n  value: 0.5\n"})
    hub.drip["/acme/slowevals/resolve/main/.eval_results/mmlu.yaml"] = 1.0
    result = hf(hub, tmp_path, "--select", "CL507", "--format", "json", "hf://acme/slowevals", deadline=3)
    assert result.returncode == 1, result.stderr
    [finding] = json.loads(result.stdout)
    assert (finding["path"], finding["rule"], finding["line"], finding["message"]) == ("hf://acme/slowevals/.eval_results/mmlu.yaml", "CL507", 1, "not read: the card's 3 seconds on the Hub ran out")
