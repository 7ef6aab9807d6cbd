"""FFT and random-number throughput (issue 6, item 6): fft of 2^20 complex64 (and rfft of
2^20 float32, a Bluestein length), and 1e7 standard_normal / uniform draws, against NumPy and
PyTorch (CPU) when importable."""
import numpy as np

import gparray
from benchmarks._timing import per_call

FFT_N = 2**20
DRAWS = 10**7


def _torch():
    try:
        import torch

        torch.set_num_threads(max(1, __import__("os").cpu_count() or 1))
        return torch
    except ImportError:
        return None


def run():
    """Rows of (case, size, {library: seconds per call})."""
    device = gparray.default_device()
    sync = device.synchronize
    torch = _torch()
    rows = []
    rng = np.random.default_rng(0)

    x = (rng.standard_normal(FFT_N) + 1j * rng.standard_normal(FFT_N)).astype(np.complex64)
    xg = gparray.asarray(x)
    times = {"gparray": per_call(lambda: gparray.fft.fft(xg), sync),
             "numpy": per_call(lambda: np.fft.fft(x))}
    if torch is not None:
        xt = torch.from_numpy(x)
        times["pytorch"] = per_call(lambda: torch.fft.fft(xt))
    rows.append(("fft complex64", FFT_N, times))

    r = rng.standard_normal(FFT_N).astype(np.float32)
    rg = gparray.asarray(r)
    times = {"gparray": per_call(lambda: gparray.fft.rfft(rg), sync),
             "numpy": per_call(lambda: np.fft.rfft(r))}
    if torch is not None:
        rt = torch.from_numpy(r)
        times["pytorch"] = per_call(lambda: torch.fft.rfft(rt))
    rows.append(("rfft float32", FFT_N, times))

    odd = 1_000_003                     # prime: Bluestein on the device
    y = x[:odd] if odd <= FFT_N else np.resize(x, odd)
    yg = gparray.asarray(y)
    times = {"gparray": per_call(lambda: gparray.fft.fft(yg), sync),
             "numpy": per_call(lambda: np.fft.fft(y))}
    if torch is not None:
        yt = torch.from_numpy(y)
        times["pytorch"] = per_call(lambda: torch.fft.fft(yt))
    rows.append(("fft complex64, prime length", odd, times))

    g = gparray.random.default_rng(0)
    npg = np.random.default_rng(0)
    for dtype in (np.float64, np.float32):
        name = np.dtype(dtype).name
        times = {"gparray": per_call(lambda: g.standard_normal(DRAWS, dtype=dtype), sync),
                 "numpy": per_call(lambda: npg.standard_normal(DRAWS, dtype=dtype))}
        if torch is not None:
            tdtype = getattr(torch, name)
            times["pytorch"] = per_call(lambda: torch.randn(DRAWS, dtype=tdtype))
        rows.append((f"standard_normal {name}", DRAWS, times))
    times = {"gparray": per_call(lambda: g.random(DRAWS), sync),
             "numpy": per_call(lambda: npg.random(DRAWS))}
    if torch is not None:
        times["pytorch"] = per_call(lambda: torch.rand(DRAWS, dtype=torch.float64))
    rows.append(("random float64", DRAWS, times))
    return rows


if __name__ == "__main__":
    from benchmarks._timing import fmt_time

    for case, n, times in run():
        cells = ", ".join(f"{lib} {fmt_time(t)}" for lib, t in times.items())
        ratio = times["numpy"] / times["gparray"]
        print(f"{case} (n={n}): {cells}; gparray {ratio:.2f}x NumPy's speed")
