"""Synthetic reports: consistent table values, rendered tables, and labelled narrative around them.

`tables` draws values that satisfy every identity of SPEC §3 and prints tables 2-4 in every layout
family; the tests use it directly. `builder`, `noise` and `phrases` assemble whole labelled documents
for training (see `training.augment`).
"""
