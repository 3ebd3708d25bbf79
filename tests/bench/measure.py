"""One benchmark measurement, in a process of its own; prints what it measured as JSON.

``run.py`` starts one of these per measurement, so that each peak memory
figure belongs to that measurement alone:

    measure.py build MEETING OUT ROOT [--no-pdf] [--trace-appends]
    measure.py baseline MEETING WORK
    measure.py rebuild MEETINGS OUT ROOT CHANGED

Peak memory is read three ways. ``ru_maxrss`` of this Python process
(RUSAGE_SELF). ``ru_maxrss`` of RUSAGE_CHILDREN: the largest single child
process waited for (pandoc, the UNO client; LibreOffice only when it exits
through its launcher, as the baseline's does); Linux counts a child at least
at the size of the parent it was forked from, so a child started after our
peak (the manifest asks pandoc and LibreOffice for their versions) reports
our peak. And the resident memory of the processes under this one, added up,
and of them with it, sampled every 0.5 s: the only figures that see the
LibreOffice a build stops with a signal, and both at once.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

SAMPLE_SECONDS = 0.5


class TreeMemory:
    """The peak resident memory of this process's descendants, and of them with it, sampled from ``/proc`` in a thread."""

    def __init__(self) -> None:
        self.peak = 0
        self.peak_descendants = 0
        self.peak_child = 0
        self.peak_child_name = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while not self._stop.is_set():
            own, descendants, (largest, name) = _tree_pages(os.getpid())
            self.peak = max(self.peak, (own + descendants) * page)
            self.peak_descendants = max(self.peak_descendants, descendants * page)
            if largest * page > self.peak_child:
                self.peak_child, self.peak_child_name = largest * page, name
            self._stop.wait(SAMPLE_SECONDS)


def _tree_pages(root: int) -> tuple[int, int, tuple[int, str]]:
    """Return the resident pages of process `root`, of all its descendants together, and of the largest (with its name).

    0 where ``/proc`` is not there.
    """
    parents, pages, names = {}, {}, {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # the process ended while the table was read
        fields = stat[stat.rindex(")") + 2:].split()
        parents[int(entry.name)], pages[int(entry.name)] = int(fields[1]), int(fields[21])
        names[int(entry.name)] = stat[stat.index("(") + 1:stat.rindex(")")]
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    children = tree - {root}
    largest = max(children, key=lambda pid: pages.get(pid, 0), default=None)
    return (pages.get(root, 0), sum(pages.get(pid, 0) for pid in children),
            (pages.get(largest, 0), names.get(largest, "")) if largest is not None else (0, ""))


def peak_memory(tree: TreeMemory) -> dict[str, float]:
    """Return the three peak-memory figures, in MB."""
    return {
        "self_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "tree_mb": tree.peak / 2**20,
        "descendants_mb": tree.peak_descendants / 2**20,
        "largest_child_mb": tree.peak_child / 2**20,
        "largest_child": tree.peak_child_name,
    }


def _time_calls(module, name: str, totals: dict[str, float]) -> None:
    """Wrap `module`'s function `name` so its seconds add up in `totals[name]`.

    Its CPU seconds, in the thread that calls it, add up in ``totals[name +
    "_cpu"]``: what a busy machine disturbs least, leaving out subprocesses
    (pandoc, LibreOffice). Names `module` lacks are left alone.
    """
    original = getattr(module, name, None)
    if original is None:
        return

    def timed(*args, **kwargs):
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[name] = totals.get(name, 0.0) + time.perf_counter() - started
            totals[f"{name}_cpu"] = totals.get(f"{name}_cpu", 0.0) + time.thread_time() - cpu

    setattr(module, name, timed)


def _trace_appends(pack_module, appends: list[list[float]]) -> None:
    """Record the CPU seconds of every document appended to a pack, one list per pack composed."""
    original = pack_module.new_composer

    def timed_composer(document):
        composer = original(document)
        times: list[float] = []
        appends.append(times)
        append = composer.append

        def timed_append(doc, *args, **kwargs) -> None:
            started = time.thread_time()
            append(doc, *args, **kwargs)
            times.append(time.thread_time() - started)

        composer.append = timed_append
        return composer

    pack_module.new_composer = timed_composer  # only the packs are composed through this name


def _trace_layouts(parts_module, record: Path) -> None:
    """Record the seconds each part takes to lay out in the file `record`, a line each.

    Parts are laid out in forked worker processes, which inherit this
    wrapper; each appends its line (one short write, so lines do not mix).
    """
    original = parts_module._lay_out

    def timed(part, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(part, *args, **kwargs)
        finally:
            with record.open("a", encoding="utf-8") as lines:
                lines.write(f"{part.row.number} {int(part.notice)} {time.perf_counter() - started}\n")

    parts_module._lay_out = timed


def _layouts(record: Path) -> list[float]:
    """Return the seconds of each part's layout, in agenda order."""
    if not record.is_file():
        return []
    found = sorted(tuple(map(float, line.split())) for line in record.read_text(encoding="utf-8").splitlines())
    return [seconds for _, _, seconds in found]


def build(meeting: Path, out: Path, root: Path, pdf: bool, trace_appends: bool) -> dict:
    """Return the seconds and peak memory of one full pack build, with the time spent in each of its stages."""
    import pipeline.export as export
    import pipeline.pack as pack
    import pipeline.parts as parts

    stages: dict[str, float] = {}
    for name in ("make_words", "_write_papers", "_write_word_packs", "_write_pdf_packs", "assemble_apart", "write_manifest"):
        _time_calls(pack, name, stages)
    _time_calls(parts, "_make_pdf", stages)
    _time_calls(export.LibreOffice, "convert", stages)
    record = Path(tempfile.mkdtemp(prefix="bench-layouts-")) / "layouts.txt"
    _trace_layouts(parts, record)
    appends: list[list[float]] = []
    if trace_appends:
        _trace_appends(pack, appends)
    with TreeMemory() as tree:
        started = time.perf_counter()
        built = pack.build_pack(meeting, out, root, pdf=pdf)
        seconds = time.perf_counter() - started
    pdf_file = built.folder / "pack.pdf"
    return {"seconds": seconds, "stages": stages, "appends": appends, "layouts": _layouts(record), "pdf_skipped": built.pdf_skipped,
            "pages": _pages(pdf_file) if pdf_file.is_file() else None, **peak_memory(tree)}


def baseline(meeting: Path, work: Path) -> dict:
    """Return the seconds and peak memory of what a user would otherwise script for the same bodies.

    One pandoc run turns every paper's Markdown body, concatenated, into one
    Word file with the house style's reference document; one ``soffice
    --headless --convert-to pdf``, with a profile of its own, turns that and a
    copy of it (standing for the second pack) into PDFs.
    """
    from pipeline.export import soffice_path
    from pipeline.validate import load_house_style
    from pipeline.markdown import pandoc_path
    from synthetic import bodies

    markdown = "\n\n".join(path.read_text(encoding="utf-8") for path in bodies(meeting))
    docx, profile = work / "bodies.docx", Path(tempfile.mkdtemp(prefix="bench-profile-", dir=work))
    reference = load_house_style("lsc-ics").reference_docx
    with TreeMemory() as tree:
        started = time.perf_counter()
        subprocess.run([pandoc_path(), "--from", "markdown", "--to", "docx", "--reference-doc", str(reference),
                        "--output", str(docx)], input=markdown.encode("utf-8"), check=True)
        converted = time.perf_counter()
        public = work / "bodies-public.docx"
        shutil.copyfile(docx, public)  # a second document, as the two packs are two
        subprocess.run([soffice_path(), "--headless", f"-env:UserInstallation={profile.as_uri()}",
                        "--convert-to", "pdf", "--outdir", str(work), str(docx), str(public)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=3600)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "pandoc_seconds": converted - started, "soffice_seconds": seconds - (converted - started),
            "pages": _pages(work / "bodies.pdf"), **peak_memory(tree)}


def rebuild(meetings: Path, out: Path, root: Path, changed: Path) -> dict:
    """Return the seconds of ``boardpapers packs`` with nothing changed, then with one paper's body changed.

    `meetings` holds one meeting already built under `out`; `changed` is one
    of its papers' Markdown bodies, to which a sentence is added.
    """
    from pipeline.batch import build_all

    runs = {}
    with TreeMemory() as tree:
        for label in ("settle", "unchanged", "one_paper_changed"):
            # "settle" rebuilds only if boardpapers' code changed since the full
            # build (as it does while someone edits it), so that "unchanged"
            # measures what it says.
            if label == "one_paper_changed":
                with changed.open("a", encoding="utf-8") as body:
                    body.write("\nOne sentence added to see what a rebuild costs.\n")
            started = time.perf_counter()
            outcomes = list(build_all(meetings, out, root, pdf=True, jobs=1))
            runs[label] = {"seconds": time.perf_counter() - started, "states": [o.state for o in outcomes],
                           "messages": [o.message for o in outcomes if o.message]}
    return {**runs, **peak_memory(tree)}


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def main(argv: list[str]) -> None:
    """Run the measurement `argv` names and print its result as one line of JSON."""
    command, *args = argv
    flags = {a for a in args if a.startswith("--")}
    paths = [Path(a) for a in args if not a.startswith("--")]
    if command == "build":
        result = build(*paths, pdf="--no-pdf" not in flags, trace_appends="--trace-appends" in flags)
    elif command == "baseline":
        result = baseline(*paths)
    elif command == "rebuild":
        result = rebuild(*paths)
    else:
        raise SystemExit(f"measure.py: unknown measurement {command!r}; expected build, baseline or rebuild")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
