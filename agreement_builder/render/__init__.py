"""Renderers: one ``Assembly`` in, one file's bytes out (docx, html, pdf)."""
