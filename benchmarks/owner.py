#!/usr/bin/env python3
"""Time ``cardlint hf://OWNER`` over an owner's repositories on the fake Hub (tests/fakehub.py), cold and warm.

    python benchmarks/owner.py [--repos 50] [--latency 0,0.05] [--downloads 1,8] [--select IDS] [--corpus ../shared/corpus/cards]

Each repository holds one card from the corpus (or a small made-up card when
the corpus is not there). For each latency (seconds the fake Hub waits before
every answer, standing in for the network to the real Hub) and each number of
parallel downloads, cardlint runs twice on a fresh huggingface_hub cache:
cold (every card downloaded) and warm (the same commits, so the cards come
from the cache). Printed: wall time of the whole process and the requests the
Hub saw, in all and for README.md. Each repository also holds a config.json,
which CL401 reads while the card is linted (not ahead, with the card):
``--select CL101`` leaves it unread. Nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fakehub import FakeHub  # noqa: E402

RUN = "import sys; from cardlint import cli, remote; remote.DOWNLOADS = int(sys.argv[1]); remote._AHEAD = 4 * remote.DOWNLOADS; sys.exit(cli.main(sys.argv[2:]))"


def cards(corpus: Path, count: int) -> list[str]:
    found = sorted(corpus.glob("*.md"))[:count] if corpus.is_dir() else []
    texts = [path.read_text(encoding="utf-8", errors="replace") for path in found]
    return texts + [f"---\nlicense: mit\nlibrary_name: transformers\n---\n# Model {number}\n\nA made-up card.\n" for number in range(len(texts), count)]


def run(hub: FakeHub, home: str, downloads: int, select: list[str]) -> tuple[float, int, int, int]:
    hub.requests.clear()
    env = {**os.environ, "HF_ENDPOINT": hub.url, "HF_HOME": home, "HF_TOKEN": "", "HF_HUB_DISABLE_TELEMETRY": "1", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RUN, str(downloads), "--no-config", *select, "--quiet", "--format", "json", "hf://bench"], env=env, capture_output=True, timeout=600)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"cardlint failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return elapsed, len(hub.requests), sum(request.endswith("/README.md") for request in hub.requests), done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repos", type=int, default=50)
    parser.add_argument("--latency", default="0,0.05", help="seconds before each answer, comma-separated")
    parser.add_argument("--downloads", default="1,8", help="parallel downloads to compare, comma-separated")
    parser.add_argument("--select", metavar="IDS", help="passed to cardlint (default: every rule)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "cards")
    args = parser.parse_args()
    with FakeHub() as hub:
        for number, text in enumerate(cards(args.corpus, args.repos)):
            hub.add("model", f"bench/card-{number:03d}", {"README.md": text, "config.json": "{}"})
        hub.page_size = 1000
        print(f"{args.repos} repositories; times are whole cardlint processes (import included)")
        print(f"{'latency':>8} {'downloads':>9} {'run':>5} {'seconds':>8} {'requests':>9} {'README':>7}")
        for latency in (float(value) for value in args.latency.split(",")):
            hub.latency = latency
            for downloads in (int(value) for value in args.downloads.split(",")):
                with tempfile.TemporaryDirectory(prefix="cardlint-owner-") as home:
                    for label in ("cold", "warm"):
                        seconds, requests, readmes, _ = run(hub, home, downloads, ["--select", args.select] if args.select else [])
                        print(f"{latency:>8g} {downloads:>9} {label:>5} {seconds:>8.2f} {requests:>9} {readmes:>7}")


if __name__ == "__main__":
    main()
