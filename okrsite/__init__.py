"""okrsite: transparent OKRs from Markdown files.

The pipeline, one module a step: load (files -> model) -> validate ->
rollup (pure math) -> summary / site. The core imports nothing of MkDocs.
"""

__version__ = "0.2.0"
