"""marshmallow at the boundary: spec files in, ``model`` dataclasses out.

Nothing from marshmallow leaves this package; callers get an ``AgreementSpec`` or a
``SpecError`` listing every located problem.
"""

from ...core.startup import import_marshmallow

import_marshmallow()  # before .load and .spec import it the usual way

from .load import load_spec, parse_spec  # noqa: E402

__all__ = ["load_spec", "parse_spec"]
