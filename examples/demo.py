"""The main demo: ordinary NumPy code running on the default OpenCL device.

    python examples/demo.py
"""
import numpy as np

import gparray


def main():
    device = gparray.default_device()
    print(f"gparray {gparray.__version__} on {device!r}")

    # Data made on the device, then plain NumPy calls: they dispatch to the device through
    # __array_ufunc__ / __array_function__ and return device arrays.
    t = gparray.linspace(0.0, 2 * np.pi, 1_000_000, dtype=np.float32)
    wave = np.sin(3 * t) * np.exp(-t / 4)
    energy = np.sum(wave ** 2) / t.size
    identity = np.sin(t) ** 2 + np.cos(t) ** 2
    print(f"wave is a {type(wave).__module__}.{type(wave).__name__} on {wave.device}, "
          f"dtype {wave.dtype}, shape {wave.shape}")
    print(f"mean energy of the damped wave: {float(energy):.6f}")
    print(f"max |sin^2 + cos^2 - 1| over 1e6 points: {float(np.max(np.abs(identity - 1))):.2e}")

    # `import gparray as np` style: the same names as NumPy.
    a = gparray.arange(12, dtype=np.int32).reshape(3, 4)
    print("a.T[::-1] * 2 =")
    print(a.T[::-1] * 2)

    # Zero-copy exchange with NumPy where the device shares host memory.
    host = np.zeros(4)
    shared = gparray.from_numpy(host)
    shared += 1
    gparray.synchronize()
    print(f"host array after a device += 1 on its gparray view: {host} "
          f"(shared memory: {device.unified_memory})")


if __name__ == "__main__":
    main()
