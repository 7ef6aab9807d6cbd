"""Median wall time of `import gparray` over fresh interpreter processes.

Usage: python tools/import_time.py [runs]   (default 20)

Each run starts a new interpreter (no module cache) and times the import alone, so
interpreter start-up is not counted; numpy is imported first so its cost is not either.
"""

import statistics
import subprocess
import sys

PROBE = ("import time, numpy; t = time.perf_counter(); import gparray; "
         "print(time.perf_counter() - t)")


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    times = sorted(float(subprocess.check_output([sys.executable, "-c", PROBE], text=True))
                   for _ in range(runs))
    print(f"import gparray: median {statistics.median(times) * 1e3:.0f} ms, "
          f"min {times[0] * 1e3:.0f} ms, max {times[-1] * 1e3:.0f} ms over {runs} fresh processes")


if __name__ == "__main__":
    main()
