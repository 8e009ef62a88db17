"""marshmallow at the boundary: spec files in, ``model`` dataclasses out.

Nothing from marshmallow leaves this package; callers get an ``AgreementSpec`` or a
``SpecError`` listing every located problem.
"""

from .load import load_spec, parse_spec

__all__ = ["load_spec", "parse_spec"]
