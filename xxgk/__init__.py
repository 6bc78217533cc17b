"""The `xxgk` command line: the runtime's commands and, loaded when named, the training and evaluation groups."""
