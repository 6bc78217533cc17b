"""Reports written by the tests: both templates in every layout family real reports come in.

The generator lives in `training.synthetic.tables` (training data augmentation builds on it);
this module keeps the tests' import path.
"""

from training.synthetic.tables import T2_ROWS, T3_LABELS, T4_HEADER, random_values, render

__all__ = ["T2_ROWS", "T3_LABELS", "T4_HEADER", "random_values", "render"]
