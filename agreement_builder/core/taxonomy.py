"""The agreement kinds and the component ids of the taxonomy (stable ids, DOMAIN.md).

Plain tuples in a module of their own, so the CLI can offer ``--kind`` choices without
importing the model (``agreement --help`` stays light). ``model`` re-exports both.
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
