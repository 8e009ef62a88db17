"""agreement-builder: draft, check and lint business partnership agreements."""

__version__ = "0.1.0"
