"""Stage 1, ingest: find the input files, decode them, read each format, normalise the text,
name the outlet, and drop duplicates; articles and a ledger of every file come out."""
