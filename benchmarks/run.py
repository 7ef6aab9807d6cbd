"""Run every benchmark in one process and write benchmarks/RESULTS.md.

    python -m benchmarks.run            # from the repository root
    python -m benchmarks.run Reductions Decompositions   # only the sections named so
"""
import datetime
import pathlib
import platform

import numpy as np

import gparray
from benchmarks import (bench_autodiff, bench_elementwise, bench_indexing, bench_launch,
                        bench_linalg, bench_linalg_decomp, bench_random_fft, bench_reductions,
                        bench_sorting)
from benchmarks._timing import fmt_time
from gparray._runtime.progress import Bar

LIBRARIES = ("gparray", "hand-written kernel", "numpy", "pytorch", "pyopencl.array")


def _versions():
    out = [f"numpy {np.__version__}"]
    for name in ("torch", "pyopencl"):
        try:
            out.append(f"{name} {__import__(name).__version__}")
        except ImportError:
            out.append(f"{name} not installed")
    return ", ".join(out)


def _table(rows):
    lines = ["| case | n | " + " | ".join(LIBRARIES) + " | gparray vs numpy | vs pytorch | vs pyopencl.array | vs hand-written |",
             "| --- | ---: | " + " | ".join("---:" for _ in LIBRARIES) + " | ---: | ---: | ---: | ---: |"]
    for case, n, times in rows:
        g = times["gparray"]
        cells = [fmt_time(times[lib]) if lib in times else "—" for lib in LIBRARIES]

        def speedup(lib):
            return f"{times[lib] / g:.2f}× faster" if lib in times and times[lib] >= g else \
                (f"{g / times[lib]:.2f}× slower" if lib in times else "—")

        ratio_hand = f"{g / times['hand-written kernel']:.2f}× its time" if "hand-written kernel" in times else "—"
        lines.append(f"| {case} | {n:.0e} | " + " | ".join(cells)
                     + f" | {speedup('numpy')} | {speedup('pytorch')} | {speedup('pyopencl.array')} | {ratio_hand} |")
    return "\n".join(lines)


def _launch_table(rows):
    lines = ["| launch shape | a + b, 1e7 float32 | exp(a), 1e7 float32 |", "| --- | ---: | ---: |"]
    lines += [f"| {label} | {fmt_time(add)} | {fmt_time(exp)} |" for label, add, exp in rows]
    return "\n".join(lines)


def _autodiff_table(rows):
    lines = ["| library | forward | value_and_grad | gradient cost (value_and_grad / forward) |",
             "| --- | ---: | ---: | ---: |"]
    for label, fwd, vg in rows:
        ratio = f"{vg / fwd:.2f}×" if fwd == fwd and vg == vg else "n/a"
        lines.append(f"| {label} | {fmt_time(fwd)} | {fmt_time(vg)} | {ratio} |")
    return "\n".join(lines)


def _time_table(rows):
    """Rows of (case, dtype, {library: seconds}) with any set of libraries; the ratio is the
    best gparray variant against NumPy."""
    libraries = list(dict.fromkeys(lib for _, _, times in rows for lib in times))
    lines = ["| case | dtype | " + " | ".join(libraries) + " | best gparray vs numpy |",
             "| --- | --- | " + " | ".join("---:" for _ in libraries) + " | ---: |"]
    for case, dtype, times in rows:
        cells = [fmt_time(times[lib]) if lib in times else "—" for lib in libraries]
        ours = min((v for k, v in times.items() if k.startswith("gparray")), default=float("nan"))
        ratio = f"{times['numpy'] / ours:.2f}× faster" if "numpy" in times and ours <= times["numpy"] \
            else (f"{ours / times['numpy']:.2f}× slower" if "numpy" in times else "—")
        lines.append(f"| {case} | {dtype} | " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines)


def _rate_table(rows):
    """Rows of (case, {library: GFLOP/s}): higher is better; ratios against NumPy."""
    libraries = list(dict.fromkeys(lib for _, rates in rows for lib in rates))
    lines = ["| case | " + " | ".join(f"{lib} (GFLOP/s)" for lib in libraries) + " | best gparray / numpy |",
             "| --- | " + " | ".join("---:" for _ in libraries) + " | ---: |"]
    for case, rates in rows:
        cells = [f"{rates[lib]:.0f}" if lib in rates and rates[lib] == rates[lib] else "—" for lib in libraries]
        ours = max((v for k, v in rates.items() if k.startswith("gparray") and v == v), default=float("nan"))
        ratio = f"{ours / rates['numpy']:.2f}×" if "numpy" in rates and rates["numpy"] else "—"
        lines.append(f"| {case} | " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines)


def _replace_section(text, title, body):
    marker = f"## {title}"
    section = f"{marker}\n\n{body}\n"
    if marker in text:
        start = text.index(marker)
        end = text.find("\n## ", start + 1)
        return text[:start] + section + (text[end + 1:] if end != -1 else "")
    return text + "\n" + section


# (section title in RESULTS.md, benchmark module, table formatter, note after the header)
SECTIONS = [
    ("Elementwise", bench_elementwise, _table, ""),
    ("Launch shapes", bench_launch, _launch_table, ""),
    ("Indexing", bench_indexing, _table, ""),
    ("Reductions and scans", bench_reductions, _table, ""),
    ("Matrix multiply", bench_linalg, _rate_table, ""),
    ("Decompositions", bench_linalg_decomp, _time_table, ""),
    ("FFT and random numbers", bench_random_fft, _table, ""),
    ("Sorting, searching, sets", bench_sorting, _table, ""),
    ("Autodiff: MLP gradient cost", bench_autodiff, _autodiff_table,
     f" MLP loss, batch {bench_autodiff.BATCH}, layers "
     f"{'-'.join(map(str, bench_autodiff.SIZES))}, float64."),
]


def main(only=()):
    """Run the SECTIONS (those whose title starts with one of ``only``, when given)."""
    device = gparray.default_device()
    header = (f"Measured {datetime.date.today()} on {device.name} ({device.platform_name}, "
              f"{device.compute_units} compute units), Python {platform.python_version()}, "
              f"{_versions()}. Best of several batches; every library in the same process.")
    print(header)
    path = pathlib.Path(__file__).with_name("RESULTS.md")
    text = path.read_text() if path.exists() else "# Benchmark results\n\nWritten by `python -m benchmarks.run`.\n"
    chosen = [section for section in SECTIONS
              if not only or any(section[0].lower().startswith(o.lower()) for o in only)]
    bar = Bar(len(chosen))          # on a terminal: which section runs, how long so far
    for done, (title, bench, formatter, note) in enumerate(chosen):
        bar.update(done, title)
        table = formatter(bench.run())
        bar.line(table)
        text = _replace_section(text, f"{title} (latest run)", f"{header}{note}\n\n{table}")
    bar.update(len(chosen), "done")
    bar.line("")
    path.write_text(text)


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
