"""``boardpapers publish``: the public website of every meeting under a folder, HTML first, PDF beside it.

The steps: build each meeting's pack that changed (:mod:`pipeline.batch`'s
test, into the work folder whose cache holds every part); take each meeting's
public parts from that cache (:func:`pipeline.pack.made_parts`); lay out the
site (:mod:`pipeline.web.site`): the committees' index, each committee's
meetings, each meeting's agenda and its items' pages and files; add the
feeds and open data. The whole site is then written into a new folder that
takes the place of the old one in one step, so the site is always one
build's; a file whose bytes did not change is carried over from the old site,
not written again (it keeps its time, so a web server's caches hold).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.batch import files_of_kind, meetings_under, up_to_date
from pipeline.build import slug
from pipeline.cache import Cache
from pipeline.errors import BuildError, Problem
from pipeline.export import missing
from pipeline.furniture import look_of
from pipeline.housestyle import HouseStyle
from pipeline.layouts.minutes import decision_records
from pipeline.minutes import write_minutes
from pipeline.output import build_lock, replacing
from pipeline.pack import build_pack, made_parts, pack_folder
from pipeline.validate import Validated, validate
from pipeline.web import opendata
from pipeline.web.feeds import atom, calendar
from pipeline.web.pages import SITE_CSS, Templates, house_css, site_folder
from pipeline.web.site import Content, MeetingSite, MinutesRecord, meeting_site, page_frame


GENERIC = "Board and committee meetings"
"""What a site of several organisations' committees is called, unless it is given a name."""


@dataclass
class Published:
    """What a publish wrote."""

    folder: Path
    meetings: int = 0
    written: list[str] = field(default_factory=list)
    """The files whose bytes are new (by address in the site)."""
    kept: int = 0
    """Files carried over unchanged."""
    warnings: list[Problem] = field(default_factory=list)


def publish(folder: Path, out: Path, work: Path, root: Path | None = None, today: date | None = None,
            organisation: str | None = None) -> Published:
    """Build the website of every meeting under `folder` into `out`, the packs into `work`; return what was written.

    `today` divides upcoming meetings from past ones (default: the real
    today). Raises :class:`~pipeline.errors.InputError` for wrong inputs and
    :class:`BuildError` when a pack or the site cannot be made; the site in
    `out` is then as it was.
    """
    if missing():
        raise BuildError(f"publishing needs the PDFs, and {missing()}")
    paths = meetings_under(folder)
    if not paths:
        raise BuildError(f"no meeting files (kind: meeting) under {folder}")
    warnings: list[Problem] = []
    sites: list[tuple[HouseStyle, MeetingSite]] = []
    cache = Cache(work)
    minutes = _minutes_of(folder, root)
    for path in paths:
        if not up_to_date(path, work, root, pdf=True):
            warnings += build_pack(path, work, root, pdf=True).warnings
        meeting = validate(path, root)
        planned, made = made_parts(meeting, work)
        name = organisation or meeting.style.settings.organisation
        record = _minutes_record(minutes[path.resolve()], work, warnings) if path.resolve() in minutes else None
        sites.append((meeting.style, meeting_site(planned, made, pack_folder(meeting.model, work), cache,
                                                  look_of(meeting.style), {"organisation": name}, record)))
    houses = {style.settings.organisation for style, _ in sites}
    files = _site_files(sites, organisation or (houses.pop() if len(houses) == 1 else GENERIC), organisation,
                        today or date.today())
    with build_lock(out):
        published = _write(files, out)
    published.meetings, published.warnings = len(sites), warnings
    return published


def _minutes_of(folder: Path, root: Path | None) -> dict[Path, Validated]:
    """Return the minutes of each meeting that has them under `folder`, validated, by the meeting's path."""
    found = {}
    for path in files_of_kind(folder, "minutes"):
        validated = validate(path, root)
        found[validated.model.meeting.resolve()] = validated
    return found


def _minutes_record(validated: Validated, work: Path, warnings: list[Problem]) -> MinutesRecord:
    """Build the minutes `validated` (their public minutes and decisions, with PDFs) under `work`; return what the site shows of them."""
    built = write_minutes(validated, work / "minutes", pdf=True)
    warnings += [w for w in built.warnings if w not in warnings]
    minutes = validated.model
    status = "draft" if minutes.approved_on is None else f"approved on {validated.style.date(minutes.approved_on)}"
    return MinutesRecord(built.folder, status, decision_records(validated))


def _site_files(sites: list[tuple[HouseStyle, MeetingSite]], organisation: str, named: str | None,
                today: date) -> dict[str, Content]:
    """Return every file of the site: the meetings', each committee's page and calendar, the index, feeds and data.

    `organisation` names the site; each committee's pages name its house's organisation, unless `named` names one for all.
    """
    files: dict[str, Content] = {f"assets/{SITE_CSS}": site_folder() / SITE_CSS}
    committees: dict[str, list[tuple[HouseStyle, MeetingSite]]] = {}
    for style, site in sites:
        committees.setdefault(site.meeting.committee, []).append((style, site))
        files.update(site.files)
        if house_css(style):
            files[f"assets/{style.name}.css"] = house_css(style)
    listed = []
    for name, held in sorted(committees.items()):
        held.sort(key=lambda pair: pair[1].meeting.date, reverse=True)
        style = held[0][0]
        house = named or style.settings.organisation
        key = slug(name)
        committee = opendata.Committee(name=name, slug=key, url=f"{key}/index.html", calendar=f"{key}/meetings.ics",
                                       meetings=[site.meeting for _, site in held])
        listed.append(committee)
        upcoming = [m for m in committee.meetings if m.date >= today][::-1]
        past = [m for m in committee.meetings if m.date < today]
        following = _following(committee, [site for _, site in held])
        files[committee.url] = Templates(style).page("committee.html", {
            **page_frame({"organisation": house}, style, 1, name, []),
            "committee": committee, "upcoming": upcoming, "past": past, "date": style.date,
            "arranged": [{"date": day, "start": start, "end": end, "venue": venue, "title": label}
                         for day, start, end, venue, label in following if day >= today]})
        files[committee.calendar] = calendar(committee, house, following)
    data = opendata.OpenData(organisation=organisation, committees=listed)
    files["index.html"] = Templates(None).page("index.html", {
        **page_frame({"organisation": organisation}, None, 0, organisation, []), "committees": listed})
    files["feed.xml"] = atom(data)
    files["meetings.json"] = (data.model_dump_json(indent=2) + "\n").encode("utf-8")
    files[opendata.SCHEMA_ID] = (json.dumps(opendata.open_data_schema(), indent=2) + "\n").encode("utf-8")
    return files


def _following(committee: opendata.Committee, sites: list[MeetingSite]) -> list:
    """Return the next meetings the committee's agendas name that have no meeting file, one a day, by date."""
    known = {meeting.date for meeting in committee.meetings}
    named = {site.following[0]: site.following for site in sites if site.following and site.following[0] not in known}
    return [named[day] for day in sorted(named)]


def _write(files: dict[str, Content], out: Path) -> Published:
    """Write the site `files` as the folder `out`, in one step; carry over each file whose bytes are the same."""
    published = Published(out)
    with replacing(out) as stage:
        for address, content in sorted(files.items()):
            target = stage / address
            target.parent.mkdir(parents=True, exist_ok=True)
            old = out / address
            data = content.read_bytes() if isinstance(content, Path) else content
            if old.is_file() and old.stat().st_size == len(data) and old.read_bytes() == data:
                os.link(old, target) if _same_device(old, stage) else shutil.copy2(old, target)
                published.kept += 1
            else:
                target.write_bytes(data)
                os.chmod(target, 0o644)
                published.written.append(address)
    return published


def _same_device(first: Path, second: Path) -> bool:
    return first.stat().st_dev == second.stat().st_dev
