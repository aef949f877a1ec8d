#!/usr/bin/env python3
"""Measure cardlint against what users run today, side by side, on this machine.

    python benchmarks/bench.py [--corpus ../shared/corpus/cards] [--repeat 5] [--scales 1,10,100]

(a) every corpus card in one process: `cardlint` (default options, so --jobs =
    the core count, and with --jobs 1) against huggingface_hub's
    `ModelCard.load(path).data.to_dict()` over the same cards in one process;
    whole processes, and the work after imports;
(b) a cold `cardlint` run on one card against a bare
    `python -c "import ruamel.yaml, jsonschema, markdown_it"`;
(c) the peak memory (max RSS) of each of those processes;
(d) how the time grows with 1x, 10x and 100x the corpus, as folders of cards.

Each figure is the median of --repeat runs, after one warm-up run so that
bytecode caches exist, as they do for any installed tool
(PYTHONDONTWRITEBYTECODE is unset for the children). Nothing here asserts
a target: the ratios are printed for the reader to judge.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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

CARDLINT_LOOP = r"""
import sys, time
start = time.perf_counter()
from pathlib import Path
from cardlint import discover, runner
from cardlint.api import Sessions
imported = time.perf_counter()
jobs = int(sys.argv[1])
sessions = Sessions()
sessions.get()
targets = discover.expand(sys.argv[2:], Path.cwd())
for outcome in runner.run(sessions, targets, jobs):
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


def measure(command: list[str], repeat: int) -> dict:
    run(command)
    samples = [run(command) for _ in range(repeat)]
    times = [sample[0] for sample in samples]
    inner = [tuple(map(float, sample[2].split())) for sample in samples if sample[2].strip()]
    result = {"median_s": statistics.median(times), "min_s": min(times), "max_rss_mib": max(s[1] for s in samples) / 1024}
    if inner and all(len(values) == 2 for values in inner):
        result["import_s"] = statistics.median(values[0] for values in inner)
        result["work_s"] = statistics.median(values[1] for values in inner)
    return result


def scaled_corpus(cards: list[Path], factor: int, into: Path) -> Path:
    """A folder holding ``factor`` copies of every card, each as its own README.md (hard links where possible)."""
    folder = into / f"x{factor}"
    for copy in range(factor):
        for card in cards:
            target = folder / f"copy{copy:03d}" / card.stem / "README.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(card, target)
            except OSError:
                shutil.copyfile(card, target)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "cards")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--python", default=sys.executable, help="interpreter with cardlint's dependencies and huggingface_hub")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    cards = sorted(args.corpus.glob("*.md"))
    if not cards:
        parser.error(f"no cards in {args.corpus}")
    python = args.python
    paths = [str(card) for card in cards]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    figures: dict = {"cards": len(cards), "cores": cores, "python": sys.version.split()[0]}

    print(f"{len(cards)} cards, {cores} cores, Python {figures['python']}\n")
    print("(a) every card in one process")
    figures["a"] = {
        "cardlint": measure([python, "-m", "cardlint", "--no-config", "--quiet", "--output", os.devnull, *paths], args.repeat),
        "cardlint_jobs1": measure([python, "-m", "cardlint", "--no-config", "--quiet", "--jobs", "1", "--output", os.devnull, *paths], args.repeat),
        "cardlint_work": measure([python, "-c", CARDLINT_LOOP, str(cores), *paths], args.repeat),
        "cardlint_work_jobs1": measure([python, "-c", CARDLINT_LOOP, "1", *paths], args.repeat),
        "huggingface_hub": measure([python, "-c", HF_LOOP, *paths], args.repeat),
    }
    a = figures["a"]
    hf = a["huggingface_hub"]
    rows = [
        ("cardlint (default, whole process)", a["cardlint"]["median_s"], a["cardlint"]["max_rss_mib"]),
        ("cardlint --jobs 1 (whole process)", a["cardlint_jobs1"]["median_s"], a["cardlint_jobs1"]["max_rss_mib"]),
        ("huggingface_hub loop (whole process)", hf["median_s"], hf["max_rss_mib"]),
        (f"cardlint work after imports, {cores} jobs", a["cardlint_work"]["work_s"], a["cardlint_work"]["max_rss_mib"]),
        ("cardlint work after imports, 1 job", a["cardlint_work_jobs1"]["work_s"], a["cardlint_work_jobs1"]["max_rss_mib"]),
        ("huggingface_hub work after imports", hf["work_s"], hf["max_rss_mib"]),
    ]
    for label, seconds, rss in rows:
        print(f"  {label:<42} {seconds:7.3f} s   peak {rss:6.1f} MiB")
    figures["ratio_a_process"] = a["cardlint"]["median_s"] / hf["median_s"]
    figures["ratio_a_work"] = a["cardlint_work"]["work_s"] / hf["work_s"]
    print(f"  ratio cardlint / huggingface_hub: whole process {figures['ratio_a_process']:.2f}x, work after imports {figures['ratio_a_work']:.2f}x (target <= 0.6x)")

    print("\n(b) cold start on one card")
    example = str(ROOT / "examples" / "README.md")
    figures["b"] = {
        "cardlint": measure([python, "-m", "cardlint", "--no-config", "--quiet", example], max(args.repeat, 10)),
        "bare_import": measure([python, "-c", "import ruamel.yaml, jsonschema, markdown_it"], max(args.repeat, 10)),
    }
    b = figures["b"]
    figures["ratio_b"] = b["cardlint"]["median_s"] / b["bare_import"]["median_s"]
    print(f"  cardlint one card            {b['cardlint']['median_s']:7.3f} s   peak {b['cardlint']['max_rss_mib']:6.1f} MiB")
    print(f"  bare import of the libraries {b['bare_import']['median_s']:7.3f} s   peak {b['bare_import']['max_rss_mib']:6.1f} MiB")
    print(f"  ratio {figures['ratio_b']:.2f}x (target <= 1.3x)")

    print("\n(c) peak memory is the 'peak' column above")

    print("\n(d) growth with the corpus size (cardlint on a folder, default options)")
    figures["d"] = {}
    with tempfile.TemporaryDirectory(prefix="cardlint-bench-") as scratch:
        for factor in (int(text) for text in args.scales.split(",")):
            folder = scaled_corpus(cards, factor, Path(scratch))
            result = measure([python, "-m", "cardlint", "--no-config", "--quiet", "--output", os.devnull, str(folder)], 1 if factor >= 100 else min(args.repeat, 3))
            count = factor * len(cards)
            result["cards"] = count
            result["cards_per_s"] = count / result["median_s"]
            figures["d"][str(factor)] = result
            print(f"  {factor:>4}x {count:>6} cards {result['median_s']:8.2f} s  {result['cards_per_s']:7.0f} cards/s  peak {result['max_rss_mib']:6.1f} MiB")
    scales = sorted(figures["d"].values(), key=lambda r: r["cards"])
    if len(scales) > 1:
        first, last = scales[0], scales[-1]
        figures["growth"] = (last["median_s"] / first["median_s"]) / (last["cards"] / first["cards"])
        print(f"  time per card at {last['cards']} cards / at {first['cards']} cards: {figures['growth']:.2f} (1.0 = linear; start-up makes small runs dearer per card)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
