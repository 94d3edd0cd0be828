"""Stage 3, comparison: group articles into events and compare outlets, with intervals."""
