"""boardpapers: board and committee papers from YAML and Markdown, in house style.

The stages, each its own module: :mod:`~pipeline.source` (load),
:mod:`~pipeline.validate`, :mod:`~pipeline.markdown` (convert),
:mod:`~pipeline.render`, :mod:`~pipeline.compose`, :mod:`~pipeline.output`
and :mod:`~pipeline.build`; :mod:`~pipeline.cli` is the command line.
"""
