"""Median time of `import gparray` over fresh interpreter processes: wall time, and the CPU
time of the importing process (steadier on a loaded machine).

Usage: python tools/import_time.py [runs]   (default 20)

Each run starts a new interpreter (no module cache) and times the import alone, so
interpreter start-up is not counted; numpy is imported first so its cost is not either.
"""

import statistics
import subprocess
import sys

PROBE = ("import time, numpy; t, c = time.perf_counter(), time.process_time(); import gparray; "
         "print(time.perf_counter() - t, time.process_time() - c)")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    runs_out = [subprocess.check_output([sys.executable, "-c", PROBE], text=True).split()
                for _ in range(runs)]
    for label, k in (("wall", 0), ("cpu", 1)):
        times = sorted(float(r[k]) for r in runs_out)
        print(f"import gparray ({label}): median {statistics.median(times) * 1e3:.0f} ms, "
              f"min {times[0] * 1e3:.0f} ms, max {times[-1] * 1e3:.0f} ms over {runs} processes")


if __name__ == "__main__":
    main()
