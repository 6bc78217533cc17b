"""The section classifier (SPEC §5): segments and a CRF over them, and the rule baseline."""
