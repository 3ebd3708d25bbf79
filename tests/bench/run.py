"""The pack-building benchmark: ``make bench`` (or ``make bench SIZES="10 50"``).

For each size it writes a synthetic meeting of that many cover-sheet papers
(see ``synthetic.py``) into a temporary folder and measures, each in a fresh
process (``measure.py``):

1. our full pack build, Word and PDF (``pipeline.pack.build_pack``);
2. the baseline a user would otherwise script: one pandoc run over the same
   Markdown bodies, concatenated, then one ``soffice --convert-to pdf``;

then a rebuild through ``boardpapers packs`` (``pipeline.batch.build_all``)
with nothing changed and with one paper changed; and Word-only builds of 15,
30 and 60 papers, timing every document appended to the pack, to show whether
composing grows linearly. It prints the tables ``docs/performance.md`` holds.
Nothing here asserts a time: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from synthetic import body_path, write_meeting

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = [15, 50, 200]
LINEAR_SIZES: list[int] = []


def main() -> None:
    """Run the benchmark the command line asks for and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="Example: tests/bench/run.py --sizes 10 50 --rebuild 50")
    parser.add_argument("--sizes", type=int, nargs="*", default=DEFAULT_SIZES,
                        help="meeting sizes (papers) to build with PDFs and compare with the baseline (default: 15 50 200)")
    parser.add_argument("--rebuild", type=int, nargs="*", default=[50],
                        help="sizes whose rebuild after one changed paper is timed (default: 50; the smallest size when 50 is not run)")
    parser.add_argument("--linear", type=int, nargs="*", default=LINEAR_SIZES,
                        help="sizes of Word-only builds to time as well (default: none)")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it, instead of a temporary one")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="boardpapers-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "sizes": {}, "rebuild": {}, "linear": {}}
    print(machine_text(results["machine"]), flush=True)
    try:
        for size in args.sizes:
            results["sizes"][size] = compare(work, size)
        for size in [s for s in args.rebuild if s in args.sizes] or sorted(args.sizes)[:1]:
            results["rebuild"][size] = measure("rebuild", work / "meetings" / f"{size}-papers", work / f"out-{size}", work,
                                               body_path(work / "meetings" / f"{size}-papers" / "meeting.yaml", 1))
            print(f"rebuilt {size} papers", flush=True)
        for size in args.linear:
            meeting = write_meeting(work / "word-only", size)
            results["linear"][size] = measure("build", meeting, work / f"word-only-out-{size}", work / "word-only",
                                              "--no-pdf", "--trace-appends")
            print(f"built {size} papers, Word only", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print()
    print(report(results))


def compare(work: Path, size: int) -> dict:
    """Return our full build and the baseline measured for a synthetic meeting of `size` papers."""
    meeting = write_meeting(work, size)
    baseline_work = work / f"baseline-{size}"
    baseline_work.mkdir(exist_ok=True)
    ours = measure("build", meeting, work / f"out-{size}", work, "--trace-appends")
    if ours["pdf_skipped"]:
        raise SystemExit(f"no PDFs were made, so there is nothing to compare: {ours['pdf_skipped']}")
    base = measure("baseline", meeting, baseline_work)
    print(f"measured {size} papers: ours {ours['seconds']:.1f} s, baseline {base['seconds']:.1f} s", flush=True)
    return {"ours": ours, "baseline": base}


def measure(command: str, *args: object) -> dict:
    """Return what ``measure.py`` `command` reports, run in a fresh Python process."""
    done = subprocess.run([sys.executable, str(HERE / "measure.py"), command, *map(str, args)],
                          capture_output=True, text=True, cwd=HERE)
    if done.returncode != 0:
        raise SystemExit(f"measure.py {command} failed:\n{done.stderr.strip()}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict:
    """Return what the figures depend on: processors, memory, and the versions of Python, pandoc and LibreOffice."""
    from pipeline.export import soffice_path
    from pipeline.markdown import pandoc_path

    def first_line(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=120).stdout.splitlines()[0].strip()
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return "unknown"

    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((int(line.split()[1]) // 1024 for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"cores": os.cpu_count(), "cpu": cpu, "memory_mb": memory, "system": platform.platform(),
            "python": platform.python_version(), "pandoc": first_line([pandoc_path(), "--version"]),
            "libreoffice": first_line([soffice_path() or "soffice", "--version"])}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine_text(info: dict) -> str:
    """Return the machine as one line."""
    return (f"{info['cores']} cores ({info['cpu']}), {info['memory_mb']} MB, {info['system']}; "
            f"Python {info['python']}, {info['pandoc']}, {info['libreoffice']}")


def report(results: dict) -> str:
    """Return the benchmark's tables, in Markdown."""
    lines = [f"Machine: {machine_text(results['machine'])}", "",
             "Full build (Word and PDF) against the baseline (one pandoc run + one soffice converting two documents):", "",
             "| papers | ours (s) | baseline (s) | ours / baseline | ours per paper (s) | pack pages | baseline pages "
             "| our Python peak (MB) | largest child, sampled (MB) | our subprocesses together, sampled (MB) "
             "| baseline subprocesses, sampled (MB) |",
             "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for size, figures in results["sizes"].items():
        ours, base = figures["ours"], figures["baseline"]
        lines.append(f"| {size} | {ours['seconds']:.1f} | {base['seconds']:.1f} | {ours['seconds'] / base['seconds']:.2f} "
                     f"| {ours['seconds'] / int(size):.2f} | {ours['pages']} | {base['pages']} | {ours['self_mb']:.0f} "
                     f"| {ours['largest_child_mb']:.0f} ({ours['largest_child']}) | {ours['descendants_mb']:.0f} "
                     f"| {base['descendants_mb']:.0f} |")
    lines += ["", "Where our time goes, in wall seconds. The steps overlap: parts are laid out two at a time, in processes of "
              "their own, while two LibreOffices (each with a worker thread) make the PDFs of those laid out, and the Word "
              "packs are composed while the last PDFs are made; the two PDF packs are assembled at once, each in a "
              "process of its own. So the columns do not add up to the build's time:", "",
              "| papers | lay out parts (all) | write papers | compose both Word packs | PDFs of parts and agendas, per worker "
              "| of which LibreOffice, per worker | wait for the last PDFs, agendas, assemble | of which assemble both packs "
              "| manifest | baseline pandoc | baseline soffice |",
              "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for size, figures in results["sizes"].items():
        stages, base = figures["ours"]["stages"], figures["baseline"]
        lines.append(f"| {size} | {stages.get('make_words', 0):.1f} | {stages.get('_write_papers', 0):.1f} "
                     f"| {stages.get('_write_word_packs', 0):.1f} | {stages.get('_make_pdf', 0) / 2:.1f} "
                     f"| {stages.get('convert', 0) / 2:.1f} | {stages.get('_write_pdf_packs', 0):.1f} "
                     f"| {stages.get('assemble_apart', 0) / 2:.1f} | {stages.get('write_manifest', 0):.1f} "
                     f"| {base['pandoc_seconds']:.1f} | {base['soffice_seconds']:.1f} |")
    lines += ["", "Cost per paper: the second half of the papers against the first, within each build:", "",
              "| papers | per paper (s) | lay out, 2nd / 1st half | composing into the members' Word pack, CPU, 2nd / 1st half |",
              "|--:|--:|--:|--:|"]
    for size, figures in results["sizes"].items():
        ours = figures["ours"]
        first, second = halves(ours["layouts"])
        appended = halves(ours["appends"][0]) if ours["appends"] else (0.0, 0.0)
        lines.append(f"| {size} | {ours['seconds'] / int(size):.2f} | {second / first if first else 0:.2f} "
                     f"| {appended[1] / appended[0] if appended[0] else 0:.2f} |")
    if results["rebuild"]:
        lines += ["", "Rebuild through `boardpapers packs` (pipeline.batch.build_all), after a full build:", "",
                  "| papers | full build (s) | nothing changed (s) | one paper changed (s) | one changed / full | what it did |",
                  "|--:|--:|--:|--:|--:|---|"]
        for size, figures in results["rebuild"].items():
            settle, unchanged, changed = figures["settle"], figures["unchanged"], figures["one_paper_changed"]
            full = results["sizes"].get(size, {}).get("ours", {}).get("seconds", 0.0)
            note = "" if settle["states"] == ["unchanged"] else " (code changed since the full build, so it was rebuilt first)"
            lines.append(f"| {size} | {full:.1f} | {unchanged['seconds']:.2f} | {changed['seconds']:.1f} "
                         f"| {changed['seconds'] / full if full else 0:.2f} "
                         f"| {', '.join(unchanged['states'])}; then {', '.join(changed['states'])}{note} |")
    if results["linear"]:
        lines += ["", "Word-only builds (`pdf=False`): does composing grow linearly?", "",
                  "| papers | build (s) | per paper (s) | compose both packs (s) | appends 1st half, CPU (s) "
                  "| appends 2nd half, CPU (s) | 2nd / 1st | our Python peak (MB) |",
                  "|--:|--:|--:|--:|--:|--:|--:|--:|"]
        for size, figures in results["linear"].items():
            size = int(size)
            first, second = halves(figures["appends"][0]) if figures["appends"] else (0.0, 0.0)
            lines.append(f"| {size} | {figures['seconds']:.1f} | {figures['seconds'] / size:.2f} "
                         f"| {figures['stages'].get('_write_word_packs', 0.0):.2f} | {first:.2f} | {second:.2f} "
                         f"| {second / first if first else 0:.2f} | {figures['self_mb']:.0f} |")
    return "\n".join(lines)


def halves(times: list[float]) -> tuple[float, float]:
    """Return the seconds of the first half of the appends and of the second half (an odd last one left out)."""
    middle = len(times) // 2
    return sum(times[:middle]), sum(times[middle:2 * middle])


if __name__ == "__main__":
    main()
