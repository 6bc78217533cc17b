"""The accounting identities of SPEC §3 as small declarative rules."""

from extractor.checks.rules import CheckResult, Rule, evaluate, rules_for

__all__ = ["CheckResult", "Rule", "evaluate", "rules_for"]
