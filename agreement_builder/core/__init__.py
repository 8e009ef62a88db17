"""Core: what every stage shares and nothing of ours is imported by it: errors, values,
the taxonomy, findings, English numbers, safe YAML, input limits, files, config discovery,
bundled-data lookup and the start-up tricks."""
