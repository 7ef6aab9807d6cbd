"""The kernels whose vector width the canary chooses, timed on one device.

    python -m benchmarks.bench_vector_widths            # JSON lines: case, seconds, numpy
    python -m benchmarks.bench_vector_widths --compare OLD_TREE   # A/B against another checkout

``--compare`` runs this script's cases alternately under this checkout and under OLD_TREE
(a checkout of an earlier gparray, put first on PYTHONPATH), several rounds, and prints the
best time of each with the ratio: how a change of vector widths moved each kernel on the same
device in the same run. Only public API is used, so any gparray checkout can be measured.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

N = 10**7


def _best(fn, repeat=5):
    fn()
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def cases():
    import gparray

    rng = np.random.default_rng(0)
    f32 = rng.random(N, dtype=np.float32)
    f64 = rng.random(N)
    g32, g64 = gparray.asarray(f32), gparray.asarray(f64)
    sync = gparray.synchronize
    gen = gparray.random.default_rng(0)
    a = rng.random((512, 512), dtype=np.float32)
    ga = gparray.asarray(a)
    gparray.set_host_blas(False)        # the OpenCL GEMM, whose tile uses the width

    def on(expr):
        def run():
            expr()
            sync()
        return run

    return [
        ("exp float32 1e7", on(lambda: gparray.exp(g32)), lambda: np.exp(f32)),
        ("sin float64 1e7", on(lambda: gparray.sin(g64)), lambda: np.sin(f64)),
        ("power float64 1e7", on(lambda: g64 ** 1.5), lambda: f64 ** 1.5),
        ("sum float32 1e7", on(lambda: g32.sum()), lambda: f32.sum()),
        ("sum float64 1e7", on(lambda: g64.sum()), lambda: f64.sum()),
        ("max float32 1e7", on(lambda: g32.max()), lambda: f32.max()),
        ("max float64 1e7", on(lambda: g64.max()), lambda: f64.max()),
        ("random float64 1e7", on(lambda: gen.random(N)), lambda: rng.random(N)),
        ("standard_normal float32 1e7", on(lambda: gen.standard_normal(N, dtype=np.float32)),
         lambda: rng.standard_normal(N, dtype=np.float32)),
        ("integers 0..100 1e7", on(lambda: gen.integers(0, 100, N)),
         lambda: rng.integers(0, 100, N)),
        ("matmul float32 512 (OpenCL GEMM)", on(lambda: ga @ ga), lambda: a @ a),
    ]


def measure():
    only = os.environ.get("BENCH_CASES")          # substring filter, for a quick look
    for name, ours, numpy_fn in cases():
        if only and only not in name:
            continue
        print(json.dumps({"case": name, "seconds": _best(ours), "numpy": _best(numpy_fn)}),
              flush=True)


def compare(old_tree, rounds=5):
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    best = {}
    for _ in range(rounds):
        for label, tree in (("new", here), ("old", old_tree)):
            env = dict(os.environ, PYTHONPATH=tree)
            if "GPARRAY_CACHE_DIR" in os.environ:     # one kernel cache per checkout
                env["GPARRAY_CACHE_DIR"] = os.path.join(os.environ["GPARRAY_CACHE_DIR"], label)
            out = subprocess.run([sys.executable, os.path.abspath(__file__)], env=env,
                                 capture_output=True, text=True, check=True, cwd=tree).stdout
            for line in out.splitlines():
                row = json.loads(line)
                key = (row["case"], label)
                best[key] = min(best.get(key, float("inf")), row["seconds"])
                best[(row["case"], "numpy")] = min(best.get((row["case"], "numpy"),
                                                        float("inf")), row["numpy"])
    cases_seen = sorted({c for c, _ in best}, key=lambda c: list(best).index((c, "new")))
    print("| case | before | after | after / before | NumPy | after vs NumPy |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for case in cases_seen:
        old, new, ref = best[(case, "old")], best[(case, "new")], best[(case, "numpy")]
        print(f"| {case} | {old * 1e3:.2f} ms | {new * 1e3:.2f} ms | {new / old:.2f} | "
              f"{ref * 1e3:.2f} ms | {ref / new:.2f}x |")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--compare":
        compare(sys.argv[2])
    else:
        measure()
