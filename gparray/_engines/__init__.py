"""The engines: elementwise, ufunc objects, copy, reduce, scan, compaction, indexing, sort."""
