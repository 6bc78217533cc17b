"""`xxgk trends`: one or more batch outputs turned into series per body, year and measure, anomalies with their
evidence, and a report (HTML and Markdown). Modules: measures (the 2019/2021 template mapping, as data),
bodies (a body key across the names bodies print), load (the batch outputs as DuckDB views), series,
anomalies, report (HTML/Markdown), run (the whole command). Runtime code: imports only `extractor` and
libraries (DuckDB over the Parquet files does the heavy lifting)."""
