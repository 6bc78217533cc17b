"""Model comparison: the SPEC §7 scores of several systems on the same documents, with bootstrap intervals over
documents, paired bootstrap differences between every two systems, example errors side by side, and a verdict on
whether a candidate may replace the shipped system.

Pure library code over an in-memory interface: whoever runs the models builds one `SystemRun` per system and calls
`compare.compare`; the renderers show the result, and every number they show is read from the `Comparison`.
One module per job, importing one way (results ← scoring ← bootstrap ← compare; errors, verdict, renderers):

- `results`: the input (`DocumentResult`, `SystemRun`) and output types (`Comparison` …), no logic;
- `scoring`: documents aligned and scored one by one (strict seqeval over character BIO tags, sections per
  character), per-document tp/fp/fn counts, fold summaries;
- `bootstrap`: those counts resampled by document (every system on the same resamples, so differences are paired),
  intervals and paired differences;
- `errors`: disagreements with the gold sampled as examples, with short snippets of text;
- `verdict`: may a candidate replace the shipped system;
- `compare`: the above put together (`compare`, `compare_into`);
- `formatting`, `markdown`, `charts`, `html`: the reports.

Nothing here imports the package itself: import the module you need (`from evaluation.comparison.compare import
compare`).
"""
