"""Entities → narrative fields (`n.*`), and narrative against the tables."""
