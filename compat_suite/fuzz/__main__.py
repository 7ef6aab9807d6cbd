"""Command line: run a range of seeds, or replay one; mismatches are minimised and printed."""
import argparse
import collections
import sys
import time

from . import check, minimise, snippet


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m compat_suite.fuzz", description=__doc__)
    p.add_argument("--programs", type=int, default=100, help="how many programs to run")
    p.add_argument("--seed", type=int, default=0, help="seed of the first program")
    p.add_argument("--replay", type=int, metavar="SEED", help="run only this seed, verbosely")
    p.add_argument("--max-steps", type=int, default=10)
    p.add_argument("--no-minimise", action="store_true", help="report programs unshrunk")
    p.add_argument("--quiet", action="store_true", help="only the summary and mismatches")
    args = p.parse_args(argv)

    seeds = [args.replay] if args.replay is not None else range(args.seed,
                                                               args.seed + args.programs)
    kinds = collections.Counter()
    failed = []
    start = time.time()
    for n, seed in enumerate(seeds):
        if not args.quiet:
            print(f"seed {seed}", end=" ", flush=True)
        elif n and n % 100 == 0:
            print(f"[{n} programs, {len(failed)} mismatches, {time.time() - start:.0f} s]",
                  flush=True)
        found = check(seed, args.max_steps)
        if args.replay is not None:
            from .generate import generate
            print("\nprogram:\n" + generate(seed, args.max_steps).src())
        if found is None:
            if not args.quiet:
                print("ok", flush=True)
            continue
        program, mismatch = found
        if not args.no_minimise:
            program, mismatch = minimise(program, mismatch)
        kinds[mismatch.kind] += 1
        failed.append(seed)
        print(f"MISMATCH\n--- seed {seed}\n{snippet(program, mismatch)}\n---", flush=True)
    elapsed = time.time() - start
    total = len(seeds)
    print(f"\n{total} programs, {len(failed)} mismatches ({dict(kinds)}) in {elapsed:.0f} s")
    if failed:
        print("failing seeds:", " ".join(map(str, failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
