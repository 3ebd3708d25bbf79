"""A pytest plugin (``-p docxcompose_swap``): docxcompose's own tests, run against our Composer.

Loaded with ``-p``, so it runs before the suite's ``conftest.py`` and
``utils.py`` are imported: every later ``from docxcompose.composer import
Composer`` (the suite's helpers, its tests, ``docxcompose.command``) binds
:class:`pipeline.compose.Composer`, with its default, upstream, options.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docxcompose.composer

from pipeline.compose import Composer

UPSTREAM = docxcompose.composer.Composer
docxcompose.composer.Composer = Composer


def pytest_report_header(config):  # noqa: D103 - the test reads this line back
    used = docxcompose.composer.Composer
    return f"composer under test: {used.__module__}.{used.__qualname__}"


def pytest_collection_finish(session):  # noqa: D103
    suite = Path(str(session.config.rootpath))
    still = [name for name, module in sys.modules.items()
             if getattr(module, "Composer", None) is UPSTREAM and module is not docxcompose.composer
             and (name.startswith("docxcompose") or suite in Path(getattr(module, "__file__", None) or "/").parents)]
    if still:
        raise RuntimeError(f"docxcompose's own Composer is still used by {still}")
