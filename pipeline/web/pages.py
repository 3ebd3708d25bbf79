"""The web pages' templates: Jinja2, from the house style's ``web/`` folder, else the site's own.

``templates/web/`` holds the site's templates and stylesheet (``site.css``);
a house style's ``web/`` folder may hold a template of the same name to use
instead, its own templates (``cover-sheet.html``), and ``style.css``, loaded
after ``site.css`` on its committees' pages. None of them is code: a house
changes its pages as it changes its Word templates.

Authors' text reaches a template as data only: every value is escaped
(autoescape), but for the HTML pandoc wrote from their Markdown, which is
marked safe, and which pandoc writes with raw HTML turned off.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, TemplateError, UndefinedError

from pipeline.build import slug
from pipeline.errors import BuildError
from pipeline.housestyle import HouseStyle, templates_folder

WEB = "web"
SITE_CSS = "site.css"
HOUSE_CSS = "style.css"


def site_folder() -> Path:
    """Return the folder of the site's own templates: ``templates/web``."""
    return templates_folder() / WEB


def house_css(style: HouseStyle | None) -> Path | None:
    """Return the house style's stylesheet, if it has one."""
    path = style.folder / WEB / HOUSE_CSS if style else None
    return path if path is not None and path.is_file() else None


def web_files(style: HouseStyle | None) -> list[Path]:
    """Return every file the pages of `style` are made with (for cache keys)."""
    folders = [site_folder()] + ([style.folder / WEB] if style else [])
    return sorted(p for folder in folders if folder.is_dir() for p in folder.rglob("*") if p.is_file())


class Templates:
    """The templates of one house style (or of the site alone): ``templates.page(name, context)``."""

    def __init__(self, style: HouseStyle | None) -> None:
        folders = ([style.folder / WEB] if style else []) + [site_folder()]
        self.environment = Environment(loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders if f.is_dir()]),
                                       autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                       keep_trailing_newline=True)
        self.environment.filters.update(size=size, slug=slug)
        self.style = style

    def page(self, name: str, context: dict[str, Any]) -> bytes:
        """Return the page the template `name` makes of `context`, as UTF-8.

        Raises :class:`BuildError` naming the template when it is missing or wrong.
        """
        try:
            template = self.environment.get_template(name)
            return template.render(**context).encode("utf-8")
        except UndefinedError as exc:
            raise BuildError(f"web template {name}: a tag names something the page does not have: {exc.message}") from None
        except TemplateError as exc:
            where = f"{getattr(exc, 'filename', None) or name}:{getattr(exc, 'lineno', '')}"
            raise BuildError(f"web template {where}: {exc}") from None


def size(count: int) -> str:
    """Return a file's size as a reader reads it: 840 bytes, 34 KB, 2.1 MB."""
    if count < 1000:
        return f"{count} bytes"
    if count < 1_000_000:
        return f"{round(count / 1000)} KB"
    return f"{count / 1_000_000:.1f} MB"
