"""What a pack build must make, decided before anything is made.

:func:`plan` turns a validated meeting into its agenda rows and, for each
pack, the parts in order: the agenda, then for each item with documents
either the item (its paper, attachments and action log, composed) or, in the
public pack for an item not for publication, the one notice page standing
for it. Each part's cache key is computed here from what shapes it: the
content of its input files, the house style's files, the meeting's details
it shows, the tools' versions and the code's. Nothing is laid out, opened as
a document or written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pipeline.housestyle import HouseStyle
from pipeline.layouts.agenda import Row, agenda_rows
from pipeline.manifest import code_digest, digest, input_digests, inputs, relative, tool_versions
from pipeline.models.meeting import Meeting
from pipeline.output import build_time
from pipeline.validate import Validated


@dataclass(frozen=True)
class PartPlan:
    """One part of a pack: an item's documents, or the notice standing for them in the public pack."""

    row: Row
    notice: bool
    """The public pack's notice page, in place of the item."""
    key: str
    """The hash of everything that shapes it: its cache entry's name."""
    public: bool = False
    """The public pack's copy of an item whose documents say less in public (minutes, an action log from minutes)."""

    @property
    def name(self) -> str:
        """What the part is called in messages and the work folder."""
        return f"{'notice' if self.notice else 'public' if self.public else 'item'}-{self.row.number:02d}"


@dataclass(frozen=True)
class Publication:
    """What went out at once: the agenda and its packs, or a supplementary agenda and its packs."""

    supplement: int | None
    """Which supplement (``None``: the agenda itself)."""
    published: date | None
    """When it went out, as the meeting file says (``None`` when it does not)."""
    rows: list[Row]
    """The items its agenda lists."""
    members: list[PartPlan]
    """Its members' pack after the agenda, in order."""
    public: list[PartPlan]
    """Its public pack after the agenda: the members' parts, notices in place of items not for publication."""

    @property
    def name(self) -> str:
        """What the manifest calls it: ``agenda``, ``supplement 1``."""
        return "agenda" if self.supplement is None else f"supplement {self.supplement}"

    @property
    def packs(self) -> tuple[str, str]:
        """The names of its members' and public packs: pack and public-pack, supplement-1 and public-supplement-1."""
        return ("pack", "public-pack") if self.supplement is None else (f"supplement-{self.supplement}", f"public-supplement-{self.supplement}")


@dataclass(frozen=True)
class Plan:
    """A meeting's pack build, planned."""

    meeting: Validated
    style: HouseStyle
    rows: list[Row]
    """The agenda as it now stands, supplements in."""
    members: list[PartPlan]
    """The members' pack of the agenda as it now stands, in order: what the meeting works from."""
    public: list[PartPlan]
    """The public pack of the agenda as it now stands: the members' parts, notices in place of items not for publication."""
    shared: str
    """The hash of what every part depends on (code, tools, the build time, the meeting's details, the house style)."""
    inputs: dict[str, str]
    """The hash of every input file, by its path in the input tree, as the manifest records them."""
    publications: list[Publication]
    """The agenda as it was published, then each supplement: what is built as packs of their own."""

    @property
    def parts(self) -> list[PartPlan]:
        """Every part any pack holds, once each."""
        return list({part.key: part for part in self.members + self.public}.values())


def plan(meeting: Validated) -> Plan:
    """Return what building `meeting`'s pack makes, each part with its cache key."""
    model: Meeting = meeting.model
    style = meeting.style
    digests = input_digests(meeting)  # each file hashed once, however many papers share it (a house style's files)
    shared = key_of({
        **_made_with(),
        "meeting": [model.committee, model.date.isoformat(), model.style],
        "style": {p.name: _hash_of(p, meeting.root, digests) for p in sorted(style.folder.glob("*")) if p.is_file()},
    })

    def parts(rows: list[Row]) -> tuple[list[PartPlan], list[PartPlan]]:
        members, public = [], []
        for row in rows:
            if not row.files:
                continue
            shapes = {"shared": shared, "row": _row_fields(row), "files": _file_digests(row, meeting, digests)}
            item = PartPlan(row, False, key_of(shapes))
            members.append(item)
            if row.reason:
                public.append(PartPlan(row, True, key_of({"shared": shared, "notice": _row_fields(row)})))
            elif _says_less_in_public(row, meeting):
                public.append(PartPlan(row, False, key_of({**shapes, "public": True}), public=True))
            else:
                public.append(item)
        return members, public

    rows, published = agenda_rows(meeting), agenda_rows(meeting, as_published=True)
    publications = [Publication(None, model.published, published, *parts(published))]
    for number, supplement in enumerate(model.supplements, start=1):
        held = [row for row in rows if row.supplement == number]
        publications.append(Publication(number, supplement.published, held, *parts(held)))
    return Plan(meeting, style, rows, *parts(rows), shared, digests, publications)


def _says_less_in_public(row: Row, meeting: Validated) -> bool:
    """Return whether the item's public copy differs from the members': it holds minutes, or an action log taking actions from minutes."""
    kinds = [meeting.includes[path] for path in row.files if path in meeting.includes]
    return any(v.kind == "minutes" or (v.kind == "action-log" and v.model.from_minutes) for v in kinds)


def agenda_key(plan: Plan, publication: Publication | None, pages: dict[int, tuple[int, int]], public: bool) -> str:
    """Return the cache key of `publication`'s agenda (the agenda as it now stands for ``None``) showing the page ranges `pages`."""
    rows = plan.rows if publication is None else publication.rows
    return key_of({"shared": plan.shared, "agenda": _hash_of(plan.meeting.source.path, plan.meeting.root, plan.inputs),
                  "rows": [_row_fields(r) for r in rows], "pages": sorted(pages.items()), "public": public,
                  "supplement": publication.supplement if publication else "all"})


def paper_key(paper: Validated, pdf: bool) -> str:
    """Return the cache key of the paper `paper` built on its own, with its PDF when `pdf` (which also shapes its Word file)."""
    return key_of({**_made_with(), "inputs": input_digests(paper), "pdf": pdf})


def _made_with() -> dict[str, object]:
    """Return what shapes every document built, whatever it is: the code, the tools and the build time it is stamped with."""
    return {"code": code_digest(), "tools": tool_versions(), "time": build_time().isoformat()}


def _row_fields(row: Row) -> list:
    return [row.number, row.label, row.title, row.owner, row.action, row.format, row.reason, row.supplement, row.urgent]


def _file_digests(row: Row, meeting: Validated, digests: dict[str, str]) -> list:
    """Return the path and hash of every file each of the row's documents is made from (`digests`: the meeting's inputs')."""
    found = []
    for path in row.files:
        included = meeting.includes.get(path)
        files = inputs(included) if included is not None else [path]
        found.append([(relative(p, meeting.root), _hash_of(p, meeting.root, digests)) for p in files])
    return found


def _hash_of(path: Path, root: Path, digests: dict[str, str]) -> str:
    """Return the hash of `path` from the meeting's inputs' `digests` (hashing it here only if it is not one of them)."""
    return digests.get(relative(path, root)) or digest(path)


def key_of(value: object) -> str:
    """Return a short hash of the JSON of `value`: a cache key."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:32]
