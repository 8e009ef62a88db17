"""Render: one assembly in, one file out: DOCX (python-docx), HTML, PDF (WeasyPrint)."""
