"""The agreement kinds and the component ids: the one table of both (stable ids).

Every other table keyed by component (rules/components.yaml, clauses/_components.yaml,
rules/signals.yaml) must have exactly these ids; tests/core/test_taxonomy.py checks it. Plain
tuples in a module of their own, so the CLI can offer ``--kind`` choices cheaply.
"""

KINDS = (
    "strategic_alliance",
    "joint_venture",
    "co_marketing",
    "referral",
    "reseller",
    "licensing",
    "pilot",
)

COMPONENTS = (
    "parties",
    "purpose",
    "roles_responsibilities",
    "term",
    "termination",
    "revenue_sharing",
    "payment_terms",
    "cost_sharing",
    "ip_ownership",
    "license_grant",
    "confidentiality",
    "data_protection",
    "dispute_resolution",
    "governing_law",
    "kpis",
    "governance",
    "liability",
    "indemnification",
    "warranties",
    "force_majeure",
    "exclusivity",
    "non_solicitation",
    "audit_rights",
    "insurance",
    "assignment",
    "notices",
    "general_provisions",
    "signatures",
)
