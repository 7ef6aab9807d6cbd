"""OpenCL C templates from which every gparray device kernel is built."""
