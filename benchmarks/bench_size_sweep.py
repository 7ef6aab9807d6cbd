"""Size sweep: elementwise, reduction, scan, sort and indexing cases at 1 to 1e7 elements,
gparray (default policy, and kernels only with the small-work host path off) against NumPy
and PyTorch CPU in one run. Writes a ratio table and, with matplotlib, a plot of
NumPy time / gparray time against size.

    python -m benchmarks.bench_size_sweep                     # table to stdout
    python -m benchmarks.bench_size_sweep --plot benchmarks/size_sweep.png --max-size 1e7
"""
import argparse
import math

import numpy as np

import gparray
from benchmarks._timing import fmt_time, per_call

SIZES = (1, 10**2, 10**3, 10**4, 10**5, 10**6, 10**7)


def _square(n):
    side = max(1, math.isqrt(n))
    return side, side


# name -> (make inputs from a NumPy module-like namespace and host data, the operation)
def _cases():
    def flat(xp, host):
        return (xp.asarray(host["a"]), xp.asarray(host["b"]))

    def matrix(xp, host):
        return (xp.asarray(host["m"]),)

    def gather(xp, host):
        return (xp.asarray(host["a"]), xp.asarray(host["idx"]))

    return {
        "a + b": (flat, lambda m, a, b: a + b),
        "exp(a)": (flat, lambda m, a, b: m.exp(a)),
        "a*b + sin(a) - 2*b": (flat, lambda m, a, b: a * b + m.sin(a) - 2 * b),
        "a ** 2": (flat, lambda m, a, b: a ** 2),
        "sum(a)": (flat, lambda m, a, b: m.sum(a)),
        "max(a)": (flat, lambda m, a, b: m.max(a)),
        "argmax(a)": (flat, lambda m, a, b: m.argmax(a)),
        "sum(m, axis=0)": (matrix, lambda m, x: m.sum(x, axis=0)),
        "cumsum(a)": (flat, lambda m, a, b: m.cumsum(a)),
        "sort(a)": (flat, lambda m, a, b: m.sort(a)),
        "a[idx] (gather)": (gather, lambda m, a, idx: a[idx]),
    }


def _torch_ns():
    try:
        import torch
    except ImportError:
        return None

    class TorchNS:
        """The few NumPy names the cases use, on torch tensors."""
        asarray = staticmethod(torch.as_tensor)
        exp, sin = staticmethod(torch.exp), staticmethod(torch.sin)
        argmax = staticmethod(torch.argmax)
        cumsum = staticmethod(lambda a: torch.cumsum(a, 0))
        sort = staticmethod(lambda a: torch.sort(a).values)

        @staticmethod
        def sum(a, axis=None):
            return torch.sum(a) if axis is None else torch.sum(a, dim=axis)

        @staticmethod
        def max(a):
            return torch.max(a)

    return TorchNS


def _host_data(n, seed=0):
    rng = np.random.default_rng(seed)
    return {"a": rng.random(n, dtype=np.float32), "b": rng.random(n, dtype=np.float32),
            "m": rng.random(_square(n), dtype=np.float32),
            "idx": rng.integers(0, n, n).astype(np.int64)}


def measure(sizes=SIZES, names=None, min_time=0.05, repeats=3):
    """rows of (case, n, {library: seconds per call})"""
    torch_ns = _torch_ns()
    device = gparray.asarray(np.zeros(1)).device
    sync = device.synchronize
    rows = []
    for n in sizes:
        host = _host_data(n)
        for name, (inputs, op) in _cases().items():
            if names and name not in names:
                continue
            times = {}
            args = inputs(np, host)
            times["numpy"] = per_call(lambda: op(np, *args), min_time=min_time, repeats=repeats)
            if torch_ns is not None:
                targs = inputs(torch_ns, host)
                times["pytorch"] = per_call(lambda: op(torch_ns, *targs), min_time=min_time,
                                            repeats=repeats)
            gargs = inputs(gparray, host)
            sync()
            times["gparray"] = per_call(lambda: op(np, *gargs), sync, min_time, repeats)
            previous = gparray.set_host_small(False)
            try:
                times["gparray kernels"] = per_call(lambda: op(np, *gargs), sync, min_time,
                                                    repeats)
            finally:
                gparray.set_host_small(previous)
            rows.append((name, n, times))
    return rows


LIBRARIES = ("gparray", "gparray kernels", "numpy", "pytorch")


def table(rows):
    lines = ["| case | n | " + " | ".join(LIBRARIES) + " | gparray vs numpy | kernels vs numpy "
             "| gparray vs pytorch |",
             "| --- | ---: | " + " | ".join("---:" for _ in LIBRARIES) + " | ---: | ---: | ---: |"]
    for name, n, times in rows:
        cells = [fmt_time(times[lib]) if lib in times else "—" for lib in LIBRARIES]
        g, k = times["gparray"], times["gparray kernels"]

        def ratio(t, lib):
            return f"{times[lib] / t:.2f}×" if lib in times else "—"

        lines.append(f"| {name} | {n:.0e} | " + " | ".join(cells) +
                     f" | {ratio(g, 'numpy')} | {ratio(k, 'numpy')} | {ratio(g, 'pytorch')} |")
    lines.append("")
    lines.append("Ratios are NumPy's (or PyTorch's) time divided by gparray's: above 1.00× "
                 "gparray is faster.")
    return "\n".join(lines)


def plot(rows, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(13, 5), sharey=True)
    names = list(dict.fromkeys(name for name, _, _ in rows))
    for ax, lib, title in ((axes[0], "gparray", "gparray (default: small work on the host)"),
                           (axes[1], "gparray kernels", "gparray, OpenCL kernels only")):
        for name in names:
            pts = [(n, t["numpy"] / t[lib]) for case, n, t in rows if case == name]
            ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o", label=name)
        ax.axhline(1.0, color="black", linewidth=1)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("elements")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("NumPy time / gparray time (above 1: gparray faster)")
    axes[1].legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-size", type=float, default=1e7)
    parser.add_argument("--plot", default=None, help="write the plot to this PNG path")
    parser.add_argument("--cases", nargs="*", default=None)
    args = parser.parse_args(argv)
    rows = measure([n for n in SIZES if n <= args.max_size], args.cases)
    print(table(rows))
    if args.plot:
        plot(rows, args.plot)
    return rows


if __name__ == "__main__":
    main()
