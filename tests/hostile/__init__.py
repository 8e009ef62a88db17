"""Hostile inputs, generated at test time by ``make_hostile.py`` (no binary blobs committed)."""
