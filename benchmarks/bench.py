#!/usr/bin/env python3
"""Measure cardlint against what users run today, side by side, on this machine.

    CARDLINT_SHARED=../shared python benchmarks/bench.py [--corpus DIR] [--hub DIR] [--repeat 5] [--json FILE] [--instructions]

(a) every corpus card in one process: `cardlint` cold (`--no-cache`, with
    the default --jobs and with --jobs 1) and warm (a second run, every card
    answered by the result cache), against huggingface_hub's
    `ModelCard.load(path).data.to_dict()` over the same cards in one process;
(b) a cold `cardlint` run on one clean card and on one card with findings,
    against a bare `python -c "import ruamel.yaml, jsonschema, markdown_it"`;
    with --instructions, also the instructions each executes, counted by
    valgrind (the one figure a busy shared machine does not change);
(c) the peak memory (max RSS) of each of those processes;
(d) cards per second over the Hub corpus (--hub, 2,523 cards) laid out as
    one folder per card, as a repository of cards is, cold and warm.

Each figure is the median of --repeat runs (six times as many, at least
30, for the short runs of (b)), the commands compared taking turns
(interleaved), so that a machine busy with something else slows all of them
alike; the ratios of the fastest runs are printed too, since on a shared
machine noise only ever adds time. One warm-up run of each comes first, so
that bytecode caches exist, as they do for any installed tool
(PYTHONDONTWRITEBYTECODE is unset for the children), and so that the warm
runs' cache is filled. Nothing here
asserts a target: the ratios are printed for the reader to judge.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CARDLINT_SHARED", ROOT.parent / "shared"))
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), ENV.get("PYTHONPATH")]))
ENV["NO_COLOR"] = "1"

HF_LOOP = r"""
import logging, sys, time, warnings
start = time.perf_counter()
from huggingface_hub import ModelCard
imported = time.perf_counter()
logging.disable(logging.WARNING)
warnings.simplefilter("ignore")
for path in sys.argv[1:]:
    try:
        ModelCard.load(path).data.to_dict()
    except Exception:
        pass
print(imported - start, time.perf_counter() - imported)
"""

def run(command: list[str]) -> tuple[float, int, str]:
    """Wall time, peak RSS (KiB) and standard output of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT)
    output = process.stdout.read().decode()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss, output


def measure(commands: dict[str, list[str]], repeat: int) -> dict[str, dict]:
    """Median wall time and peak memory of each command, the commands taking turns ``repeat`` times after a warm-up."""
    for command in commands.values():
        run(command)
    samples: dict[str, list] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            samples[name].append(run(command))
    results = {}
    for name, runs in samples.items():
        times = [sample[0] for sample in runs]
        results[name] = {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "max_rss_mib": max(sample[1] for sample in runs) / 1024}
    return results


def instructions(command: list[str]) -> int:
    """Instructions executed by ``command`` under valgrind's callgrind: the same count on a busy machine as on a quiet one."""
    with tempfile.TemporaryDirectory(prefix="cardlint-callgrind-") as scratch:
        result = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={scratch}/out", *command],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env={**ENV, "PYTHONHASHSEED": "0"}, cwd=ROOT,
        )
    return int(re.search(r"Collected : (\d+)", result.stderr).group(1))


def one_folder_per_card(cards: list[Path], into: Path) -> Path:
    """The cards laid out as ``<name>/README.md``, as /work/hub is (hard links where possible)."""
    folder = into / "hub"
    for card in cards:
        target = folder / card.name.removesuffix("_README.md").removesuffix(".md") / "README.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(card, target)
        except OSError:
            shutil.copyfile(card, target)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "cards")
    parser.add_argument("--hub", type=Path, default=SHARED / "corpus-hub" / "cards", help="the Hub corpus for (d); skipped when absent")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--python", default=sys.executable, help="interpreter with cardlint's dependencies and huggingface_hub")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--instructions", action="store_true", help="also count (b)'s instructions under valgrind (slow, but the same on a busy machine)")
    args = parser.parse_args(argv)
    cards = sorted(args.corpus.glob("*.md"))
    if not cards:
        parser.error(f"no cards in {args.corpus}")
    python = args.python
    paths = [str(card) for card in cards]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    figures: dict = {"cards": len(cards), "cores": cores, "python": sys.version.split()[0]}
    lint = [python, "-m", "cardlint", "--no-config", "--quiet", "--output", os.devnull]

    with tempfile.TemporaryDirectory(prefix="cardlint-bench-") as scratch:
        warm = ["--cache-dir", str(Path(scratch) / "cache")]
        print(f"{len(cards)} cards, {cores} cores, Python {figures['python']}\n")
        print("(a) every corpus card in one process")
        a = figures["a"] = measure({
            "cold": [*lint, "--no-cache", *paths],
            "cold_jobs1": [*lint, "--no-cache", "--jobs", "1", *paths],
            "warm": [*lint, *warm, *paths],
            "huggingface_hub": [python, "-c", HF_LOOP, *paths],
        }, args.repeat)
        labels = {"cold": f"cardlint cold (--no-cache, {cores} jobs)", "cold_jobs1": "cardlint cold, --jobs 1", "warm": "cardlint warm (second run)", "huggingface_hub": "huggingface_hub ModelCard.load loop"}
        for name, label in labels.items():
            print(f"  {label:<40} {a[name]['median_s']:7.3f} s   peak {a[name]['max_rss_mib']:6.1f} MiB")
        hf = a["huggingface_hub"]["median_s"]
        figures["ratio_a"] = {name: a[name]["median_s"] / hf for name in ("cold", "cold_jobs1", "warm")}
        figures["ratio_a_fastest"] = {name: a[name]["min_s"] / a["huggingface_hub"]["min_s"] for name in ("cold", "cold_jobs1", "warm")}
        print("  ratio to huggingface_hub: " + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in figures["ratio_a"].items()))
        print("  fastest run to fastest run: " + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in figures["ratio_a_fastest"].items()))

        print("\n(b) cold start on one card (--no-cache)")
        b_commands = {
            "clean": [*lint, "--no-cache", str(ROOT / "examples" / "README.md")],
            "findings": [*lint, "--no-cache", str(ROOT / "examples" / "broken" / "README.md")],
            "bare_import": [python, "-c", "import ruamel.yaml, jsonschema, markdown_it"],
        }
        b = figures["b"] = measure(b_commands, max(args.repeat * 6, 30))
        for name, label in {"clean": "cardlint, a clean card", "findings": "cardlint, a card with findings", "bare_import": "bare import of the libraries"}.items():
            print(f"  {label:<40} {b[name]['median_s']:7.3f} s   peak {b[name]['max_rss_mib']:6.1f} MiB")
        figures["ratio_b"] = {name: b[name]["median_s"] / b["bare_import"]["median_s"] for name in ("clean", "findings")}
        figures["ratio_b_fastest"] = {name: b[name]["min_s"] / b["bare_import"]["min_s"] for name in ("clean", "findings")}
        print("  ratio to the bare import: " + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in figures["ratio_b"].items()))
        print("  fastest run to fastest run: " + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in figures["ratio_b_fastest"].items()))

        if args.instructions:
            counts = figures["b_instructions"] = {name: instructions(command) for name, command in b_commands.items()}
            print("  instructions: " + ", ".join(f"{name} {count / 1e6:.0f}M" for name, count in counts.items())
                  + "; ratio " + ", ".join(f"{name} {counts[name] / counts['bare_import']:.3f}x" for name in ("clean", "findings")))

        print("\n(c) peak memory is the 'peak' column above and below")

        hub_cards = sorted(args.hub.glob("*.md")) if args.hub.is_dir() else []
        if not hub_cards:
            print(f"\n(d) skipped: no cards in {args.hub}")
        else:
            folder = one_folder_per_card(hub_cards, Path(scratch))
            print(f"\n(d) {len(hub_cards)} Hub cards, one folder per card")
            d = figures["d"] = measure({
                "cold": [*lint, "--no-cache", str(folder)],
                "warm": [*lint, "--cache-dir", str(Path(scratch) / "hub-cache"), str(folder)],
            }, min(args.repeat, 3))
            for name in ("cold", "warm"):
                d[name]["cards"] = len(hub_cards)
                d[name]["cards_per_s"] = len(hub_cards) / d[name]["median_s"]
                print(f"  {name:<5} {d[name]['median_s']:7.2f} s  {d[name]['cards_per_s']:7.0f} cards/s  peak {d[name]['max_rss_mib']:6.1f} MiB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
