"""okrsite's theme, shipped as the package okrsite.theme: the Jinja templates and assets MkDocs reads.

No code: this file only lets an installed okrsite find the folder (see okrsite/theme_setup.py).
"""
