"""Spec: the deal as data. The spec model, the marshmallow schemas that load and validate
it (marshmallow stays inside ``schemas/``), the context expressions see, the starters."""
