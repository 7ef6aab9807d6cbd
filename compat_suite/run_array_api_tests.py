"""Run the Array API conformance suite (data-apis/array-api-tests) and summarise it.

    python -m compat_suite.run_array_api_tests --suite /tmp/array-api-tests \
        [--module gparray] [--max-examples 20] [-n 2] [--update-xfails] [-- extra pytest args]

The suite is not vendored: fetch it (with its ``array-api`` spec submodule) anywhere outside
the project and point ``--suite`` or ``$ARRAY_API_TESTS_DIR`` at it; see compat_suite/README.md.

The module under test is imported only inside the child processes, so a module that does
not import, or a suite that cannot start, is reported instead of crashing the runner.

Exit status: 0 no unexpected failures, 1 failures or errors, 2 the suite could not run,
3 the run hit --timeout (the summary covers what finished).
"""

import argparse
import collections
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
DEFAULT_XFAILS = HERE / "array_api_xfails.txt"
DEFAULT_SKIPS = HERE / "array_api_skips.txt"
# The spec version gparray targets; other modules are left to the suite's default
# (the module's own __array_api_version__).
GPARRAY_API_VERSION = "2024.12"

# Child probe: imports what pytest imports before the first test (the suite package, which
# imports the module under test and the spec stubs, then the suite's conftest, which needs
# e.g. at least one complex dtype), so a module that cannot start the suite is reported
# with a short traceback instead of pytest's conftest error.
PROBE = r"""
import json
try:
    import pytest_jsonreport  # the suite's conftest refuses to load without it
except ImportError:
    print('PROBE-RESULT {"missing": "pytest-json-report"}')
    raise SystemExit
import array_api_tests as t
info = dict(name=t.xp_name, api_version=t.api_version,
            module_version=str(getattr(t.xp, "__version__", "unknown")),
            suite_version=t.__version__)
import conftest
print("PROBE-RESULT " + json.dumps(info))
"""

OUTCOMES = ("passed", "failed", "error", "xfailed", "xpassed", "skipped")
BAD = ("failed", "error")


def parse_args(argv):
    extra = []
    if "--" in argv:
        i = argv.index("--")
        argv, extra = argv[:i], argv[i + 1:]
    p = argparse.ArgumentParser(
        prog="python -m compat_suite.run_array_api_tests",
        description="Run data-apis/array-api-tests against an array module and summarise.",
        epilog="Arguments after `--` go to pytest unchanged (e.g. -k, --derandomize).",
    )
    p.add_argument("--suite", default=os.environ.get("ARRAY_API_TESTS_DIR"),
                   help="array-api-tests checkout, with its array-api submodule "
                        "(default: $ARRAY_API_TESTS_DIR)")
    p.add_argument("--module", default=os.environ.get("ARRAY_API_TESTS_MODULE", "gparray"),
                   help="ARRAY_API_TESTS_MODULE for the suite (default: gparray)")
    p.add_argument("--api-version", default=os.environ.get("ARRAY_API_TESTS_VERSION"),
                   help="ARRAY_API_TESTS_VERSION (default: %s for gparray, else the "
                        "module's __array_api_version__)" % GPARRAY_API_VERSION)
    p.add_argument("--max-examples", type=int, default=20,
                   help="hypothesis examples per test (default: 20)")
    p.add_argument("-n", "--workers", default="1",
                   help="pytest-xdist workers, a number or 'auto'; with one or more, a native "
                        "crash (segfault, abort in a driver) fails only the test that caused "
                        "it; 0 runs in-process (default: 1, or 0 without pytest-xdist)")
    p.add_argument("--timeout", type=float, default=3600,
                   help="wall-clock limit for the whole run in seconds (default: 3600); "
                        "pytest is interrupted and what finished is summarised")
    p.add_argument("--select", action="append", metavar="PATH",
                   help="test path or node id inside the suite, repeatable "
                        "(default: array_api_tests/)")
    p.add_argument("--xfails-file", type=Path, default=DEFAULT_XFAILS,
                   help="reviewed xfail list (default: %(default)s)")
    p.add_argument("--skips-file", type=Path, default=None,
                   help="skip list (default: %s if it exists)" % DEFAULT_SKIPS)
    p.add_argument("--xfail-mark", choices=("xfail", "skip"), default="xfail",
                   help="'skip' skips the xfails-file entries instead of running them "
                        "(faster; ARRAY_API_TESTS_XFAIL_MARK)")
    p.add_argument("--report", type=Path, default=None,
                   help="where to write the JSON report (default: a temp file)")
    p.add_argument("--top", type=int, default=10,
                   help="how many failing modules and tests to list (default: 10)")
    p.add_argument("--fresh-examples", action="store_true",
                   help="delete the suite's hypothesis example database "
                        "(<suite>/.hypothesis/examples) first; it replays earlier failures, "
                        "so without this a run also retries what failed before")
    p.add_argument("--update-xfails", action="store_true",
                   help="append the tests that failed this run to the xfails file, each "
                        "under a '# failing on <date>: <error>' line for a reviewer to edit")
    args = p.parse_args(argv)
    args.pytest_args = extra
    if not args.suite:
        p.error("give --suite or set ARRAY_API_TESTS_DIR")
    args.suite = Path(args.suite).expanduser().resolve()
    if args.api_version is None and args.module == "gparray":
        args.api_version = GPARRAY_API_VERSION
    if args.skips_file is None and DEFAULT_SKIPS.exists():
        args.skips_file = DEFAULT_SKIPS
    return args


# ----------------------------------------------------------------------------- xfails file

def read_ids(path):
    """Entries of an xfails file, parsed as the suite's conftest parses them.

    The suite drops empty lines and lines starting with '#', and takes every other line,
    minus its newline, verbatim as an id: a trailing '# reason' would become part of the id,
    so reasons live on their own comment line above the entry.
    """
    if not path or not Path(path).exists():
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("#")]


def id_matches(nodeid, pattern):
    """The suite's conftest.check_id_match, copied so the runner never imports the suite."""
    nodeid = nodeid.removeprefix("array-api-tests/")
    return (nodeid == pattern
            or nodeid.startswith(pattern.removesuffix("/") + "/")
            or (pattern.endswith(".py") and nodeid.startswith(pattern))
            or nodeid.split("::", maxsplit=2)[0] == pattern
            or nodeid.split("[", maxsplit=2)[0] == pattern)


def one_line(text, limit=160):
    for line in (text or "").splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[:limit - 3] + "..."
    return "(no error message)"


def update_xfails(path, failing, context):
    """Append failing node ids to the xfails file, each under a reason placeholder."""
    existing = read_ids(path)
    new = [(nid, msg) for nid, msg in sorted(failing.items())
           if not any(id_matches(nid, e) for e in existing)]
    if not new:
        print(f"--update-xfails: nothing to add to {path}")
        return 0
    today = datetime.date.today().isoformat()
    lines = ["", f"# ---- added by --update-xfails on {today} ({context}); "
                 "replace each placeholder reason with a reviewed one ----"]
    for nid, msg in new:
        if "\n" in nid or nid != nid.strip():
            print(f"--update-xfails: cannot write id {nid!r} as one line; add it by hand")
            continue
        lines += [f"# failing on {today}: {one_line(msg)}", nid]
    text = Path(path).read_text(encoding="utf-8") if Path(path).exists() else ""
    if text and not text.endswith("\n"):
        text += "\n"
    Path(path).write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"--update-xfails: added {len(new)} entries to {path}")
    return len(new)


# ----------------------------------------------------------------------------- running

def child_env(args):
    env = dict(os.environ)
    env["ARRAY_API_TESTS_MODULE"] = args.module
    if args.api_version:
        env["ARRAY_API_TESTS_VERSION"] = args.api_version
    env["ARRAY_API_TESTS_XFAIL_MARK"] = args.xfail_mark
    # The project root first, so an uninstalled gparray checkout is importable.
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PROJECT_ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    env.setdefault("PYTHONFAULTHANDLER", "1")  # a native crash in a kernel leaves a trace
    return env


def check_suite(suite):
    if not (suite / "array_api_tests").is_dir() or not (suite / "conftest.py").is_file():
        return f"{suite} is not an array-api-tests checkout (no array_api_tests/ or conftest.py)"
    if not (suite / "array-api" / "spec").is_dir():
        return (f"{suite}/array-api has no spec/: the data-apis/array-api submodule is missing "
                "(see compat_suite/README.md)")
    return None


def suite_commit(suite):
    if (suite / ".git").exists() and shutil.which("git"):
        r = subprocess.run(["git", "-C", str(suite), "rev-parse", "HEAD"],
                           capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.strip()
    f = suite / "COMMIT"  # written by hand for an extracted archive (see the README)
    return f.read_text().strip() if f.exists() else None


def probe(args, env):
    """Import the suite package (and so the module under test) in a child process."""
    limit = min(600, args.timeout)
    try:
        r = subprocess.run([sys.executable, "-c", PROBE], cwd=args.suite, env=env,
                           capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None, f"importing the suite and the module under test took over {limit:g}s"
    for line in r.stdout.splitlines():
        if line.startswith("PROBE-RESULT "):
            return json.loads(line[len("PROBE-RESULT "):]), None
    out = (r.stdout + r.stderr).strip().splitlines()
    return None, "\n".join(out[-30:]) or f"probe exited with status {r.returncode}"


def run_pytest(args, env, report, log_path):
    cmd = [sys.executable, "-m", "pytest", *(args.select or ["array_api_tests/"]),
           "-q", "--tb=no", "-rN", "--disable-warnings", "-p", "no:cacheprovider",
           # a test file that fails to import (a name missing at module level) is reported
           # as a collection error; without this it would stop the whole run
           "--continue-on-collection-errors",
           f"--max-examples={args.max_examples}", "--hypothesis-disable-deadline",
           f"--xfails-file={args.xfails_file}",
           "--json-report", f"--json-report-file={report}", "--json-report-omit=log"]
    if args.skips_file:
        cmd.append(f"--skips-file={args.skips_file}")
    if args.workers not in ("0", ""):
        cmd += ["-n", str(args.workers)]
    cmd += args.pytest_args
    print("$", " ".join(cmd), flush=True)
    timed_out = False
    with open(log_path, "w", encoding="utf-8", errors="replace") as log:
        # Own session, so a timeout can interrupt pytest and its xdist workers together.
        proc = subprocess.Popen(cmd, cwd=args.suite, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace",
                                bufsize=1, start_new_session=True)
        deadline = time.monotonic() + args.timeout

        def pump():
            for line in proc.stdout:
                sys.stdout.write(line)
                log.write(line)
            sys.stdout.flush()

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        try:
            while proc.poll() is None:
                if time.monotonic() > deadline:
                    timed_out = True
                    print(f"\n!! run exceeded --timeout={args.timeout:g}s; interrupting pytest",
                          flush=True)
                    stop(proc)
                    break
                time.sleep(0.5)
        except KeyboardInterrupt:
            print("\n!! interrupted; stopping pytest", flush=True)
            stop(proc)
        proc.wait()
        reader.join(timeout=10)
    return proc.returncode, timed_out


def stop(proc):
    """SIGINT first (pytest then writes its reports for what finished), SIGKILL after 60 s."""
    for sig, grace in ((signal.SIGINT, 60), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            pass


# ----------------------------------------------------------------------------- results

SUMMARY_LINE = re.compile(r"(\d+) (passed|failed|errors?|xfailed|xpassed|skipped|deselected)")


def counts_from_log(log_path):
    """Fallback when no JSON report was written: pytest's last '=== N failed, ... ===' line."""
    if not log_path.exists():
        return None
    for line in reversed(log_path.read_text(errors="replace").splitlines()):
        found = SUMMARY_LINE.findall(line)
        if found and (" in " in line):
            c = collections.Counter()
            for n, kind in found:
                c["error" if kind.startswith("error") else kind] += int(n)
            return c
    return None


def error_message(test):
    # phases are setup/call/teardown, and "???" for a test whose xdist worker crashed
    phases = [test.get(k) for k in ("call", "setup", "teardown")]
    phases += [v for k, v in test.items() if k not in ("call", "setup", "teardown")]
    for data in phases:
        if not isinstance(data, dict) or data.get("outcome") != "failed":
            continue
        crash = data.get("crash") or {}
        if crash.get("message"):
            return crash["message"]
        lines = [l for l in str(data.get("longrepr", "")).splitlines()
                 if l.strip() and not l.startswith("[gw")]
        e_lines = [l[1:].strip() for l in lines if l.startswith("E ")]
        return (e_lines or lines[-1:] or [""])[0]
    return ""


def summarise(args, info, report, log_path, rc, timed_out, elapsed):
    data = None
    if report.exists():
        try:
            data = json.loads(report.read_text())
        except ValueError:
            data = None
    tests = data.get("tests", []) if data else []
    if data:
        counts = collections.Counter({k: v for k, v in data.get("summary", {}).items()
                                      if isinstance(v, int)})
    else:
        counts = counts_from_log(log_path) or collections.Counter()

    print("\n" + "=" * 30 + " array-api-tests summary " + "=" * 30)
    print(f"module       {info.get('name', args.module)} {info.get('module_version', '')}")
    print(f"API version  {info.get('api_version', args.api_version or '?')}")
    commit = suite_commit(args.suite)
    print(f"suite        {args.suite}"
          f" ({'commit ' + commit[:12] if commit else info.get('suite_version', '?')})")
    workers = args.workers if args.workers not in ("0", "") else "no xdist"
    print(f"settings     max-examples={args.max_examples}, workers={workers}, "
          f"timeout={args.timeout:g}s, xfail-mark={args.xfail_mark}")
    print(f"elapsed      {elapsed:.1f}s, pytest exit status {rc}"
          + ("  ** TIMED OUT: partial results **" if timed_out else ""))
    if not data:
        print("!! no JSON report was written; counts below come from pytest's last line")
    for k in OUTCOMES:
        print(f"  {k:<11}{counts.get(k, 0):>7}")
    if counts.get("deselected"):
        print(f"  {'deselected':<11}{counts['deselected']:>7}")
    print(f"  {'total':<11}{sum(counts.get(k, 0) for k in OUTCOMES):>7}")

    # xdist reports each worker's collection errors, so the same file can appear twice
    collectors = {}
    for c in (data or {}).get("collectors", []):
        if c.get("outcome") == "failed":
            collectors.setdefault(c.get("nodeid") or "<session>", c.get("longrepr", ""))
    counts["collection errors"] = len(collectors)
    if collectors:
        print(f"\ncollection errors ({len(collectors)} files; their tests did not run):")
        for nodeid, longrepr in list(collectors.items())[:args.top]:
            lines = [l for l in str(longrepr).splitlines() if l.startswith("E ")]
            print(f"  {nodeid}: {one_line(lines[-1] if lines else longrepr)}")

    bad = {t["nodeid"]: error_message(t) for t in tests if t.get("outcome") in BAD}
    if bad:
        by_module = collections.Counter(n.split("::")[0] for n in bad)
        by_test = collections.Counter(n.split("[")[0] for n in bad)
        print(f"\ntop failing modules (failed + errors, of {len(by_module)}):")
        for name, n in by_module.most_common(args.top):
            print(f"  {n:>6}  {name}")
        crashed = [n for n, m in bad.items() if "crashed while running" in m]
        if crashed:
            print(f"\n!! {len(crashed)} tests crashed their xdist worker (native crash); "
                  f"the log has the fault handler's trace:")
            for n in crashed[:args.top]:
                print(f"    {n}")
        print(f"\ntop failing tests (parametrisations folded, of {len(by_test)}):")
        for name, n in by_test.most_common(args.top):
            example = next(m for nid, m in bad.items() if nid.split("[")[0] == name)
            print(f"  {n:>6}  {name}\n          {one_line(example, 110)}")

    entries = read_ids(args.xfails_file)
    nodeids = [t["nodeid"] for t in tests]
    print(f"\nxfails file  {args.xfails_file} ({len(entries)} entries)")
    if entries and tests:
        unmatched = [e for e in entries if not any(id_matches(n, e) for n in nodeids)]
        xpassed = [t["nodeid"] for t in tests if t.get("outcome") == "xpassed"]
        if unmatched:
            print(f"  {len(unmatched)} entries matched no test in this run "
                  "(stale, or outside this selection):")
            for e in unmatched[:args.top]:
                print(f"    {e}")
        if xpassed:
            print(f"  {len(xpassed)} xfailed tests passed; candidates to remove, but hypothesis "
                  "may just have missed the failing example:")
            for n in xpassed[:args.top]:
                print(f"    {n}")
    if args.skips_file:
        print(f"skips file   {args.skips_file} ({len(read_ids(args.skips_file))} entries)")
    print(f"report       {report if report.exists() else '(none)'}")
    print(f"log          {log_path}")
    return counts, bad, data is not None


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    problem = check_suite(args.suite)
    if problem:
        print(f"array-api-tests: cannot run: {problem}")
        return 2
    args.xfails_file = args.xfails_file.resolve()
    if args.skips_file:
        args.skips_file = args.skips_file.resolve()
    if not args.xfails_file.exists():
        print(f"array-api-tests: xfails file {args.xfails_file} does not exist")
        return 2
    env = child_env(args)

    info, error = probe(args, env)
    if info is None:
        print(f"array-api-tests: the suite could not import module {args.module!r} "
              f"(or could not set itself up); no tests were run.\n"
              f"--- last lines of the error ---\n{error}")
        return 2
    if info.get("missing"):
        print(f"array-api-tests: {info['missing']} is not installed in {sys.executable}; "
              f"run: {sys.executable} -m pip install -r {args.suite}/requirements.txt")
        return 2
    if args.workers not in ("0", ""):
        try:
            import xdist  # noqa: F401
        except ImportError:
            print("array-api-tests: pytest-xdist is not installed; running in-process, "
                  "so a native crash ends the run")
            args.workers = "0"

    if args.report:
        report = args.report.resolve()
        report.parent.mkdir(parents=True, exist_ok=True)
    else:
        report = Path(tempfile.mkdtemp(prefix="array-api-tests-")) / "report.json"
    if report.exists():
        report.unlink()
    log_path = report.with_suffix(".log")

    if args.fresh_examples:
        shutil.rmtree(args.suite / ".hypothesis" / "examples", ignore_errors=True)
    start = time.monotonic()
    rc, timed_out = run_pytest(args, env, report, log_path)
    elapsed = time.monotonic() - start
    counts, bad, have_json = summarise(args, info, report, log_path, rc, timed_out, elapsed)

    if args.update_xfails:
        if not have_json:
            print("--update-xfails: no JSON report, so no failing ids; file left unchanged")
        else:
            if timed_out:
                print("--update-xfails: the run timed out; adding only what failed before that")
            context = (f"module={info.get('name', args.module)}, "
                       f"api={info.get('api_version')}, max-examples={args.max_examples}")
            update_xfails(args.xfails_file, bad, context)
            if counts.get("collection errors"):
                print("--update-xfails: collection errors cannot be xfailed (their tests were "
                      "never collected); fix them, or list the file in the skips file")
            if any("crashed while running" in m for m in bad.values()):
                print("--update-xfails: tests that crash their worker still run as xfails; "
                      "move them to the skips file if they slow the run down")

    ran = sum(counts.get(k, 0) for k in OUTCOMES)
    if not ran and not counts.get("collection errors") and rc not in (0, 1, 5):
        print(f"array-api-tests: pytest stopped (exit status {rc}) before reporting any "
              f"test; see the log above or {log_path}")
        return 2
    if timed_out:
        return 3
    unexpected = counts.get("failed") or counts.get("error") or counts.get("collection errors")
    return 1 if (unexpected or rc not in (0, 1, 5)) else 0


if __name__ == "__main__":
    sys.exit(main())
