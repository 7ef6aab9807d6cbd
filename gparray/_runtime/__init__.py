"""The runtime layer: configuration, dtypes, devices, memory, launches, programs, tables."""
