"""The run: the stages in order over files, per-file work spread over worker processes, and
the results cache that lets a second run skip unchanged files."""
