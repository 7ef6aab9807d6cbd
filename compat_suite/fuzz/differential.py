"""Running a program against NumPy and gparray side by side, minimising a failing program, and
writing it as a self-contained snippet."""
from dataclasses import dataclass, replace

import numpy as np

import gparray

from .compare import EXACT, combine, compare_exceptions, compare_values, tolerance
from .program import Arr, Lit, Program, Seq, Step, execute, new_env


@dataclass
class Mismatch:
    step: int          # index of the first step whose outcome differs
    message: str       # "kind: detail"

    @property
    def kind(self):
        return self.message.split(":", 1)[0]


def _inputs(step, env):
    """Host values the step reads: its variables' NumPy values and its literals."""
    vals = [env[n] for n in step.var_inputs() if n in env]
    for a in step.args:
        for x in (a.items if isinstance(a, Seq) else (a,)):
            if isinstance(x, Arr):
                vals.append(x.array())
            elif isinstance(x, Lit) and isinstance(x.value, (int, float, complex)):
                vals.append(x.value)
    return vals


def _variables(env):
    return [n for n in env if n.startswith("v")]


def run(program):
    """The first Mismatch between NumPy and gparray running ``program``, or None."""
    np_env, gp_env = new_env(np), new_env(gparray)
    tols = {}
    for i, step in enumerate(program.steps):
        inputs = _inputs(step, np_env)
        inherited = combine(tols.get(n, EXACT) for n in step.var_inputs())
        np_exc = execute(step, np_env)
        gp_exc = execute(step, gp_env)
        msg = compare_exceptions(np_exc, gp_exc)
        if msg:
            return Mismatch(i, msg)
        if np_exc is not None:
            for out in step.outs:
                np_env.pop(out, None)
                gp_env.pop(out, None)
            continue
        for out in step.outs:
            value = np_env[out]
            dtype = np.asarray(value[0] if isinstance(value, tuple) else value).dtype
            tols[out] = tolerance(step.tol, inputs, dtype, inherited)
            msg = compare_values(value, gp_env.get(out), *tols[out])
            if msg:
                return Mismatch(i, f"{msg} [in {out}]")
        if step.targets():
            for name in _variables(np_env):
                msg = compare_values(np_env[name], gp_env.get(name), *tols.get(name, EXACT))
                if msg:
                    return Mismatch(i, f"{msg} [in {name}, after the write]")
    return None


def signature(program, mismatch):
    """What identifies a mismatch while its program shrinks: its kind and the failing call."""
    step = program.steps[mismatch.step]
    return (mismatch.kind, step.form, step.fn)


def _still_fails(program, sig):
    try:
        m = run(program)
    except Exception:          # a program the shrinking made invalid for the harness itself
        return None
    if m is not None and signature(program, m) == sig:
        return m
    return None


def _simpler_steps(step, np_value):
    """Candidate replacements of one step, simplest first."""
    out = []
    if step.kw:
        for k in range(len(step.kw)):
            out.append(replace(step, kw=step.kw[:k] + step.kw[k + 1:]))
    if step.form == "array" and step.fn != "c" and isinstance(np_value, np.ndarray):
        out.append(Step("array", "c", (Arr(tuple(np_value.ravel().tolist()), str(np_value.dtype),
                                           np_value.shape),), outs=step.outs))
    if step.form == "array":
        arr = step.args[0]
        n = len(arr.values)
        if n > 1:
            for k in range(n):       # a literal with one fewer special value
                plain = False if arr.dtype == "bool" else 1
                if arr.values[k] != plain:
                    vals = arr.values[:k] + (plain,) + arr.values[k + 1:]
                    out.append(replace(step, args=(replace(arr, values=vals),)))
    for k, a in enumerate(step.args):
        if isinstance(a, Arr) and a.wrap != "xp":
            out.append(replace(step, args=step.args[:k] + (replace(a, wrap="xp"),)
                               + step.args[k + 1:]))
    return out


def minimise(program, mismatch, budget=150):
    """A shorter program with the same mismatch signature: later steps dropped, then each
    step dropped while the mismatch persists, then steps simplified."""
    sig = signature(program, mismatch)
    prog = Program(program.seed, program.steps[:mismatch.step + 1])
    best = mismatch
    tries = 0
    changed = True
    while changed and tries < budget:
        changed = False
        for i in reversed(range(len(prog.steps) - 1)):
            if tries >= budget:
                break
            tries += 1
            cand = prog.without(i)
            m = _still_fails(cand, sig)
            if m:
                prog, best, changed = Program(cand.seed, cand.steps[:m.step + 1]), m, True
        np_env = new_env(np)
        values = []
        for step in prog.steps:
            execute(step, np_env)
            values.append(np_env.get(step.outs[0]) if step.outs else None)
        for i, step in enumerate(prog.steps):
            for simpler in _simpler_steps(step, values[i]):
                if tries >= budget:
                    break
                tries += 1
                cand = prog.with_step(i, simpler)
                m = _still_fails(cand, sig)
                if m:
                    prog, best, changed = cand, m, True
                    step = simpler
    return prog, best


def snippet(program, mismatch):
    """A self-contained script that shows the mismatch: run it with xp = gparray and xp = np."""
    lines = ["import numpy as np", "import gparray", "from numpy import nan, inf", "",
             "xp = gparray  # xp = np gives NumPy's behaviour", *program.src().splitlines()]
    last = program.steps[mismatch.step]
    if last.outs and not mismatch.kind.startswith(("raise", "no-raise", "exception")):
        lines.append(f"print({', '.join(last.outs)})")
    lines.append(f"# seed {program.seed}: {mismatch.message}")
    return "\n".join(lines)
