"""Analyze: what a document we did not write contains: components and their evidence
(``components``, fast ``scanning``) and drafting defects (``drafting/``, one module per
family)."""
