"""Quantity taggers (SPEC §6): one interface (base.py), rules, CRF and neural implementations."""
