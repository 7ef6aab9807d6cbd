"""Side-by-side benchmarks: gparray against NumPy, PyTorch (CPU), pyopencl.array and a
hand-written OpenCL kernel, measured in the same run. ``python -m benchmarks.run``."""
