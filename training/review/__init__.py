"""`xxgk review`: what a person should check in a batch's outputs, sent to Label Studio, and their decisions
applied back to the outputs, the table gold and the training spans."""
