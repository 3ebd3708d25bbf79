"""What a PDF attachment carries that could act on its reader, found and taken out before its pages are published.

A PDF that arrives as an attachment or an appendix may carry active content:
scripts, actions that start programs or reach out to other files and
servers, a form, embedded files, multimedia. Its pages are merged into a
published pack, so all of that is removed first. :func:`inspect_pdf` says
what a file carries; :func:`clean_pdf` removes the same things from an open
PDF and says what it removed. Both run one walk of the document, in named
steps, that counts as it goes and removes only when asked to, so the two
cannot disagree.

What stays: internal links (/GoTo), links to web pages and e-mail
addresses, destinations, bookmarks' titles, and every page's content. A
form is flattened: each field's appearance is drawn into its page, so what
was typed stays readable.

What is counted: each script, launch or other action, wherever it is run
from (the open action, a trigger, a link, a bookmark, a field, the next
action of any of these); each automatic action, that is each trigger (an
entry of an /AA, or the open action) whose first action is of a kind kept
in links, so counted as nothing else; each terminal form field, and a
widget the form does not list; each embedded file (a file specification,
however many places list it); each multimedia annotation. An indirect
object is counted once however many ways lead to it.

Every walk is iterative and remembers the indirect objects it has been to,
as an attacker may chain ten thousand actions or loop a tree back on
itself; only indirect objects can be met twice, a direct object having one
parent. A value of an odd type where a dictionary belongs (an /A that is an
array, a /Names that is a number, a script that is a stream) is read
leniently or skipped, never trusted. Whatever is removed is also stripped
bare in place (:func:`_disarm`), so that anything still referring to it (a
pop-up, the structure tree) finds nothing left to run or read.

Known limits: a form drawn only by XFA (a dynamic XFA form) has no
appearances to keep, so its fields' text goes with it; a widget without an
appearance is removed with nothing drawn in its place. Only where readers
look for actions is searched: the catalog, the pages, their annotations,
the form and the bookmarks; an action put somewhere no reader runs it from
(the structure tree, say) is left, and is not copied with the pages into a
pack either. Damage that qpdf meets only when it reads a stream's data
shows when the PDF is saved, not when it is opened.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

from pipeline.findings import Finding, UnreadableFile

Kind = tuple[str, str]
"""A kind of active content, as its names for one and for more than one."""
JAVASCRIPT: Kind = ("JavaScript action", "JavaScript actions")
LAUNCH: Kind = ("launch action", "launch actions")
OTHER_ACTION: Kind = ("other action", "other actions")
AUTOMATIC: Kind = ("automatic action", "automatic actions")
FORM_FIELD: Kind = ("form field", "form fields")
EMBEDDED_FILE: Kind = ("embedded file", "embedded files")
MULTIMEDIA: Kind = ("multimedia annotation", "multimedia annotations")
KINDS = (JAVASCRIPT, LAUNCH, OTHER_ACTION, AUTOMATIC, FORM_FIELD, EMBEDDED_FILE, MULTIMEDIA)
"""Every kind, in the order findings are reported."""

LAUNCHING = {"/Launch", "/GoToE", "/ImportData"}
"""Action types that open a program or a file, or pull data in from one."""
WEB_SCHEMES = ("http:", "https:", "mailto:")
"""The schemes a kept /URI link may use: a web page or an e-mail address, never a local file or a script."""
MULTIMEDIA_ANNOTATIONS = {"/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
MAX_KEPT_CHAIN = 8
"""How many kept actions one link or open action may run in a row (/Next): more is no use to a reader,
only a way to make one hang."""
HEADER_WINDOW = 1024
"""Readers look for the %PDF- header this far into a file (some writers put junk before it)."""
KNOWN_STARTS = (
    (b"PK\x03\x04", "a ZIP archive, as Word, Excel and PowerPoint files are"),
    (b"\xd0\xcf\x11\xe0", "an old-style Word, Excel or Outlook file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"<", "a web page or XML"),
)
"""How the start of a file that is not a PDF says what it is instead."""
QPDF_ERRORS = (pikepdf.PdfError, RuntimeError)
"""What qpdf raises for a file it cannot read: PdfError, or a RuntimeError for a page tree it cannot
put right (QpdfRuntimeError in pikepdf 10, a plain RuntimeError before)."""


def open_pdf(path: Path) -> pikepdf.Pdf:
    """Return the PDF at `path` opened with pikepdf; the caller closes it.

    Raises :class:`UnreadableFile` if it is not a PDF at all, needs a
    password to open, is damaged beyond what qpdf repairs, or has no pages.
    A PDF encrypted with only an owner password opens without one, as it
    does in every reader, and is accepted.
    """
    _require_header(path)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as error:
        raise UnreadableFile("is password-protected: ask its author for a copy without a password") from error
    except QPDF_ERRORS as error:
        raise UnreadableFile(f"is damaged: {_reason(error, path)}") from error
    try:
        pages = len(pdf.pages)
    except QPDF_ERRORS as error:
        pdf.close()
        raise UnreadableFile(f"is damaged: {_reason(error, path)}") from error
    if not pages:
        pdf.close()
        raise UnreadableFile("has no pages")
    return pdf


def inspect_pdf(path: Path) -> list[Finding]:
    """Return the active content the PDF at `path` carries, in the order of :data:`KINDS`; [] when it has none.

    Raises :class:`UnreadableFile` as :func:`open_pdf` does.
    """
    with open_pdf(path) as pdf:
        return _walk(pdf, removing=False)


def clean_pdf(pdf: pikepdf.Pdf) -> list[Finding]:
    """Remove, in place, everything :func:`inspect_pdf` reports from `pdf` (opened by :func:`open_pdf`); return what was removed."""
    return _walk(pdf, removing=True)


@dataclass
class _Tally:
    """What one walk of a PDF has found so far; each indirect object is counted once, however many ways lead to it."""

    removing: bool
    """Whether the walk removes what it finds, or only counts it."""
    counts: dict[Kind, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    counted: set[tuple[int, int]] = field(default_factory=set)
    """The indirect objects counted so far."""
    visited: set[tuple[int, int]] = field(default_factory=set)
    """The holders of actions (pages, annotations, fields, bookmarks) whose actions have been seen to."""
    form_parts: set[tuple[int, int]] = field(default_factory=set)
    """The fields and widgets the form lists, so that a widget on a page the form does not list is counted as a field too."""
    dropped: set[tuple[int, int]] = field(default_factory=set)
    """The annotations taken off their page, in case another page lists them too."""

    def add(self, kind: Kind, thing: object) -> None:
        """Count `thing` as one `kind`, unless it is an indirect object counted already."""
        key = _identity(thing)
        if key is not None:
            if key in self.counted:
                return
            self.counted.add(key)
        self.counts[kind] += 1

    def first_visit(self, holder: pikepdf.Object) -> bool:
        """Return whether `holder`'s actions are yet to be seen to, and note that they now are."""
        key = _identity(holder)
        if key is None:
            return True
        if key in self.visited:
            return False
        self.visited.add(key)
        return True

    def findings(self) -> list[Finding]:
        """Return the counts as findings, in the order of :data:`KINDS`, leaving out those of none."""
        return [Finding(self.counts[kind], *kind) for kind in KINDS if self.counts[kind]]


def _walk(pdf: pikepdf.Pdf, removing: bool) -> list[Finding]:
    """Return the active content of `pdf`, removing it as it is found if `removing`."""
    tally = _Tally(removing)
    root = pdf.Root
    _document_scripts(root, tally)
    _document_actions(root, tally)
    _bookmark_actions(root, tally)
    # Before the pages: a widget met there that the form lists is one of its fields, not a stray.
    _form_fields(root, tally)
    _pages(pdf, tally)
    _embedded_files(root, tally)
    if removing:
        _flatten_form(pdf)
    return tally.findings()


# The steps of a walk


def _document_scripts(root: pikepdf.Object, tally: _Tally) -> None:
    """Count each entry of the document's JavaScript name tree, which runs when the file opens; remove the tree."""
    names = _mapping(root.get("/Names"))
    if names is None or "/JavaScript" not in names:
        return
    for script in _name_tree_values(names.get("/JavaScript")):
        first = _first_action(script)
        if first is None or _kind_of(first) is None:
            tally.add(JAVASCRIPT, script)  # the tree holds scripts, whatever an entry says it is
        _take_chain(script, tally)
    if tally.removing:
        del names["/JavaScript"]


def _document_actions(root: pikepdf.Object, tally: _Tally) -> None:
    """Count the action run when the document opens and its additional actions (/AA: on closing, saving, printing)."""
    opening = root.get("/OpenAction")
    if opening is not None and not _is_destination(opening):
        if not _is_kept(opening, web=False) and _runs_kept_action(opening):
            tally.add(AUTOMATIC, None)
        _action(root, "/OpenAction", tally, web=False)
    _triggers(root, tally)


def _bookmark_actions(root: pikepdf.Object, tally: _Tally) -> None:
    """Count the bookmarks' actions; a bookmark whose action is removed keeps its title and goes nowhere."""
    outlines = _mapping(root.get("/Outlines"))
    if outlines is None:
        return
    for item in _outline_items(outlines):
        if tally.first_visit(item):
            _action(item, "/A", tally)


def _form_fields(root: pikepdf.Object, tally: _Tally) -> None:
    """Count the form's terminal fields (or its XFA form, if it has no others) and their actions; :func:`_flatten_form` removes the form."""
    form = _mapping(root.get("/AcroForm"))
    if form is None:
        return
    for part, terminal in _field_tree(form.get("/Fields")):
        key = _identity(part)
        if key is not None:
            tally.form_parts.add(key)
        if terminal:
            tally.add(FORM_FIELD, part)
        if tally.first_visit(part):
            _triggers(part, tally)
            _action(part, "/A", tally)
    if "/XFA" in form and not tally.counts[FORM_FIELD]:
        tally.add(FORM_FIELD, form)


def _pages(pdf: pikepdf.Pdf, tally: _Tally) -> None:
    """Count each page's additional actions (on opening, closing), associated files and annotations."""
    for page in pdf.pages:
        holder = page.obj
        if tally.first_visit(holder):
            _triggers(holder, tally)
            _associated_files(holder, tally)
            _annotations(holder, tally)


def _embedded_files(root: pikepdf.Object, tally: _Tally) -> None:
    """Count the document's embedded files and associated files; remove them, and the portfolio (/Collection) that shows them."""
    names = _mapping(root.get("/Names"))
    if names is not None and "/EmbeddedFiles" in names:
        for spec in _name_tree_values(names.get("/EmbeddedFiles")):
            _take_file(spec, tally)
        if tally.removing:
            del names["/EmbeddedFiles"]
    _associated_files(root, tally)
    if tally.removing and "/Collection" in root:
        del root["/Collection"]


def _flatten_form(pdf: pikepdf.Pdf) -> None:
    """Draw each widget's appearance into its page and remove the form: what was typed stays readable, nothing can be typed or sent."""
    root = pdf.Root
    if any(_is_widget(annotation) for page in pdf.pages for annotation in _items(page.obj.get("/Annots"))):
        if _mapping(root.get("/AcroForm")) is not None:
            pdf.generate_appearance_streams()  # a form saved with /NeedAppearances has none to draw
        # qpdf flattens every annotation that has an appearance, links and notes too; only the widgets are to go.
        others = [_set_aside_other_annotations(page.obj) for page in pdf.pages]
        pdf.flatten_annotations(mode="all")
        for page, kept in zip(pdf.pages, others):
            # A widget qpdf left had no appearance to draw; with the form gone it would be a dead box.
            _replace_annotations(page.obj, kept)
    if "/AcroForm" in root:
        del root["/AcroForm"]


# Actions


def _action(holder: pikepdf.Object, key: str, tally: _Tally, web: bool = True) -> bool:
    """Count what the action `holder[key]` runs; unless it is kept, remove it; return whether it is (or would be) removed.

    A kept action is an internal /GoTo or, where `web`, a link to the web or
    e-mail; what it runs after it is pruned to kept actions.
    """
    value = holder.get(key)
    if value is None:
        return False
    if _is_kept(value, web=web):
        _prune_chain(value, tally, web)
        return False
    _take_chain(value, tally)
    if tally.removing:
        del holder[key]
    return True


def _triggers(holder: pikepdf.Object, tally: _Tally) -> None:
    """Count each trigger of `holder`'s additional actions (/AA) and what it runs; remove them all."""
    triggers = holder.get("/AA")
    if triggers is None:
        return
    mapping = _mapping(triggers)
    for trigger in list(mapping.keys()) if mapping is not None else []:
        value = mapping[trigger]  # not .get(): a key that is not UTF-8 comes back as a str .get() refuses
        # A trigger running a script, a launch or another action is counted as that alone.
        if _runs_kept_action(value):
            tally.add(AUTOMATIC, None)
        _take_chain(value, tally)
    if tally.removing:
        del holder["/AA"]


def _take_chain(value: object, tally: _Tally) -> None:
    """Count each action `value` runs that is active content and, when removing, strip it bare."""
    for action in _chain(value):
        kind = _kind_of(action)
        if kind is not None:
            tally.add(kind, action)
            if tally.removing:
                _disarm(action)


def _prune_chain(head: pikepdf.Object, tally: _Tally, web: bool) -> None:
    """Leave after the kept action `head` only kept actions, at most :data:`MAX_KEPT_CHAIN` and none twice; count and remove the rest.

    Where not `web` (the document's open action) a link to the web is not
    kept either: it would be followed as the file opens.
    """
    kept = {_identity(head)}
    count = 1
    queue = [head]
    cut: list[object] = []
    while queue:
        action = queue.pop()
        following = _items(action.get("/Next"))
        staying = []
        for successor in following:
            key = _identity(successor)
            if _is_kept(successor, web=web) and (key is None or key not in kept) and count < MAX_KEPT_CHAIN:
                kept.add(key)
                count += 1
                staying.append(successor)
                queue.append(successor)
            else:
                cut.append(successor)
        if tally.removing and len(staying) != len(following):
            _set_next(action, staying)
    for successor in cut:
        if _is_kept(successor, web=True) and not _is_kept(successor, web=web):
            tally.add(AUTOMATIC, None)  # a link to the web, here followed as the file opens
        _take_chain(successor, tally)


def _set_next(action: pikepdf.Object, following: list[object]) -> None:
    if not following:
        del action["/Next"]
    else:
        action["/Next"] = following[0] if len(following) == 1 else Array(following)


def _chain(value: object) -> Iterator[pikepdf.Object]:
    """Yield each action dictionary in `value` and in what it runs next (/Next), each once.

    `value` is an action or an array of them, as /Next is again. Each
    action's /Next is read before it is yielded, so the caller may strip it.
    """
    seen: set[tuple[int, int]] = set()
    stack = list(reversed(_items(value)))
    while stack:
        action = _mapping(stack.pop())
        if action is None:
            continue
        key = _identity(action)
        if key is not None:
            if key in seen:
                continue
            seen.add(key)
        stack.extend(reversed(_items(action.get("/Next"))))
        yield action


def _kind_of(action: pikepdf.Object) -> Kind | None:
    """Return the kind of active content the action dictionary `action` is, or None for one that may be kept.

    Kept are an internal /GoTo and a /URI to the web or e-mail; any other
    type, named in the standard or not, leaves or changes the document.
    """
    if "/JS" in action:  # a rendition action may run a script as well
        return JAVASCRIPT
    subtype = _name(action.get("/S"))
    if subtype == "/JavaScript":
        return JAVASCRIPT
    if subtype in LAUNCHING:
        return LAUNCH
    if subtype == "/GoTo" or (subtype == "/URI" and _is_web_address(action.get("/URI"))):
        return None
    return OTHER_ACTION


def _is_kept(value: object, web: bool) -> bool:
    """Return whether `value` is one action to keep: an internal /GoTo or, where `web`, a link to the web or e-mail."""
    action = _mapping(value)
    if action is None or _kind_of(action) is not None:
        return False
    return web or _name(action.get("/S")) == "/GoTo"


def _first_action(value: object) -> pikepdf.Object | None:
    """Return the first action `value` runs (it may be an array of them), or None if it runs none."""
    return _mapping(next(iter(_items(value)), None))


def _runs_kept_action(value: object) -> bool:
    """Return whether the first action `value` runs is of a kind kept in a link, so is counted as nothing else."""
    first = _first_action(value)
    return first is not None and _kind_of(first) is None


def _is_web_address(uri: object) -> bool:
    """Return whether `uri` is a string naming a web page or an e-mail address."""
    if not isinstance(uri, String):
        return False
    try:
        text = str(uri)
    except UnicodeDecodeError:
        return False
    # Readers skip spaces and control characters before the scheme, so " file:" is still a file.
    return text.lstrip("".join(map(chr, range(33)))).lower().startswith(WEB_SCHEMES)


def _is_destination(value: object) -> bool:
    """Return whether `value` is a destination (a page to show, or its name) rather than an action."""
    if isinstance(value, (Name, String)):
        return True
    return isinstance(value, Array) and not any(
        (part := _mapping(item)) is not None and ("/S" in part or "/JS" in part) for item in value)


# Annotations


def _annotations(page: pikepdf.Object, tally: _Tally) -> None:
    """Count what `page`'s annotations carry; take off the page those that only served it, and their pop-ups."""
    listed = page.get("/Annots")
    if listed is None:
        return
    annotations = [annotation for annotation in _items(listed) if _mapping(annotation) is not None]
    staying = [annotation for annotation in annotations if _annotation(annotation, tally)]
    # A note's pop-up window shows the note's text; it goes with the note.
    staying = [annotation for annotation in staying if _identity(annotation.get("/Parent")) not in tally.dropped]
    if tally.removing and (len(staying) != len(annotations) or not isinstance(listed, Array)):
        _replace_annotations(page, staying)


def _annotation(annotation: pikepdf.Object, tally: _Tally) -> bool:
    """Count what `annotation` carries and remove its actions; return whether it stays on its page."""
    key = _identity(annotation)
    subtype = _name(annotation.get("/Subtype"))
    if subtype == "/Widget" and key not in tally.form_parts:
        tally.add(FORM_FIELD, annotation)  # a widget the form does not list still shows and takes input
    if not tally.first_visit(annotation):
        return key not in tally.dropped
    _triggers(annotation, tally)
    removed_action = any([_action(annotation, "/A", tally), _action(annotation, "/PA", tally)])
    _associated_files(annotation, tally)
    if subtype in MULTIMEDIA_ANNOTATIONS:
        tally.add(MULTIMEDIA, annotation)
    elif subtype == "/FileAttachment":
        spec = annotation.get("/FS")
        _take_file(spec if _mapping(spec) is not None else annotation, tally)
    elif not (subtype == "/Link" and removed_action):
        return True
    if key is not None:
        tally.dropped.add(key)
    if tally.removing:
        _disarm(annotation)
    return False


def _set_aside_other_annotations(page: pikepdf.Object) -> list[object]:
    """Leave only the widgets in `page`'s annotations; return the others, in order."""
    annotations = _items(page.get("/Annots"))
    others = [annotation for annotation in annotations if not _is_widget(annotation)]
    if others:
        page["/Annots"] = Array([annotation for annotation in annotations if _is_widget(annotation)])
    return others


def _replace_annotations(page: pikepdf.Object, annotations: list[object]) -> None:
    if annotations:
        page["/Annots"] = Array(annotations)
    elif "/Annots" in page:
        del page["/Annots"]


def _is_widget(annotation: object) -> bool:
    mapping = _mapping(annotation)
    return mapping is not None and _name(mapping.get("/Subtype")) == "/Widget"


# Files


def _associated_files(holder: pikepdf.Object, tally: _Tally) -> None:
    """Count the files associated with `holder` (/AF, PDF 2.0) and remove them."""
    if "/AF" not in holder:
        return
    for spec in _items(holder.get("/AF")):
        _take_file(spec, tally)
    if tally.removing:
        del holder["/AF"]


def _take_file(spec: object, tally: _Tally) -> None:
    """Count the file specification `spec` as an embedded file and, when removing, strip it of the file."""
    tally.add(EMBEDDED_FILE, spec)
    if tally.removing and _mapping(spec) is not None:
        _disarm(spec)


# Trees


def _name_tree_values(tree: object) -> Iterator[object]:
    """Yield the values of the name tree `tree`, each node read once."""
    seen: set[tuple[int, int]] = set()
    stack = [tree]
    while stack:
        node = _mapping(stack.pop())
        if node is None or not _first_time(node, seen):
            continue
        pairs = node.get("/Names")
        if isinstance(pairs, Array):
            yield from list(pairs)[1::2]
        stack.extend(_items(node.get("/Kids")))


def _outline_items(outlines: pikepdf.Object) -> Iterator[pikepdf.Object]:
    """Yield every bookmark under `outlines`, each once."""
    seen: set[tuple[int, int]] = set()
    stack = [outlines.get("/First")]
    while stack:
        item = _mapping(stack.pop())
        if item is None or not _first_time(item, seen):
            continue
        stack.extend([item.get("/Next"), item.get("/First")])
        yield item


def _field_tree(fields: object) -> Iterator[tuple[pikepdf.Object, bool]]:
    """Yield each field and widget under the form's /Fields once, with whether it is a terminal field.

    A terminal field is one whose kids, if it has any, are only its widgets
    (a widget without a name, /T). Each entry of /Fields is a field, named
    or not; a kid met before does not count as a child, so a field listing
    itself is still terminal.
    """
    seen: set[tuple[int, int]] = set()
    stack = [(part, True) for part in reversed(_items(fields))]
    while stack:
        part, listed = stack.pop()
        part = _mapping(part)
        if part is None or not _first_time(part, seen):
            continue
        kids = [kid for kid in _items(part.get("/Kids")) if _mapping(kid) is not None and _identity(kid) not in seen]
        children = [kid for kid in kids if _is_field(kid, listed=False)]
        yield part, _is_field(part, listed) and not children
        stack.extend((kid, False) for kid in reversed(kids))


def _is_field(part: pikepdf.Object, listed: bool) -> bool:
    return listed or "/T" in part or not _is_widget(part)


# Objects of any type


def _mapping(value: object) -> pikepdf.Object | None:
    """Return `value` if it has keys (a dictionary, or a stream standing in for one), else None."""
    return value if isinstance(value, (Dictionary, Stream)) else None


def _items(value: object) -> list[object]:
    """Return the elements of `value` if it is an array, `value` alone if it is a dictionary, else nothing."""
    if isinstance(value, Array):
        return list(value)
    return [value] if _mapping(value) is not None else []


def _name(value: object) -> str | None:
    """Return the name `value` as written in a PDF ("/JavaScript"), or None if it is not a name."""
    # Not str(): a name's bytes need not be UTF-8, and an attacker's are not.
    return value.unparse().decode("latin-1") if isinstance(value, Name) else None


def _identity(value: object) -> tuple[int, int] | None:
    """Return the object and generation numbers of `value` if it is an indirect object, else None."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return value.objgen
    return None


def _first_time(value: pikepdf.Object, seen: set[tuple[int, int]]) -> bool:
    key = _identity(value)
    if key is None:
        return True
    if key in seen:
        return False
    seen.add(key)
    return True


def _disarm(value: pikepdf.Object) -> None:
    """Strip `value` to its type, so that whatever still refers to it finds nothing to run or read."""
    if isinstance(value, Stream):
        value.write(b"")
    for key in list(value.keys()):
        if key not in ("/Type", "/Subtype", "/S"):
            del value[key]


# Opening


def _require_header(path: Path) -> None:
    with path.open("rb") as file:
        start = file.read(HEADER_WINDOW)
    if b"%PDF-" in start:
        return
    if not start:
        raise UnreadableFile("is not a PDF file: it is empty")
    raise UnreadableFile(f"is not a PDF file: it starts with {_describe_start(start)}")


def _describe_start(start: bytes) -> str:
    """Return how `start` begins, and what that says the file is if known: '"PK..." (a ZIP archive, ...)'."""
    text = re.match(rb"[ -~]*", start[:20]).group().decode("ascii")
    more = "..." if len(text) < len(start) else ""
    shown = f'"{text}{more}"' if len(text) >= 2 else f"bytes {start[:4].hex(' ').upper()} {more}".rstrip()
    stripped = start.lstrip(b"\xef\xbb\xbf \t\r\n")  # a web page may open with a byte-order mark or blank lines
    what = next((what for signature, what in KNOWN_STARTS if stripped.startswith(signature)), None)
    return shown + (f" ({what})" if what else "")


def _reason(error: Exception, path: Path) -> str:
    """Return qpdf's reason for giving up on `path` on one short line, without the file name it starts with."""
    lines = str(error).replace(str(path), "").splitlines() or [""]
    reason = re.sub(r"^\s*(\([^)]*\))?\s*:\s*", "", lines[0]).removesuffix(" while recovering damaged file").strip()
    if not reason:
        return "qpdf could not read it"
    return reason if len(reason) <= 120 else reason[:117] + "..."
