"""xxgk: turns 政府信息公开工作年度报告 into checked, traceable tables."""

__version__ = "0.1.0"
