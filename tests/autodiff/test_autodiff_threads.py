"""While one thread traces, the NumPy creation functions are patched process-wide, but
only calls made on a tracing thread get recording arrays: other threads keep NumPy's plain
behaviour, traces on several threads stay independent, and NumPy is restored after."""
import sys
import threading

import numpy as np
import pytest

import autodiff

ORIGINAL_ZEROS = np.zeros


def _loss(x):
    y = np.zeros(3)                 # made inside the trace: records the write below
    y[[0, 0, 2]] = x[:3] * x[1:]
    z = np.asarray(x) * np.ones(4)
    return np.sum(y ** 2) + np.sum(np.sin(z))


def _expected(x):
    g = np.cos(x).copy()
    g[1] += 2 * x[1] * x[2] * x[2]
    g[2] += 2 * x[1] * x[1] * x[2] + 2 * x[2] * x[3] * x[3]
    g[3] += 2 * x[2] * x[2] * x[3]
    return g


@pytest.fixture
def fast_switching():
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)     # interleave the threads as finely as possible
    yield
    sys.setswitchinterval(old)


def test_other_threads_keep_plain_numpy_while_one_traces(fast_switching):
    stop = threading.Event()
    problems = []

    def plain_numpy_user():
        while not stop.is_set():
            y = np.zeros(4)
            y[1] = 2.5
            a = np.asarray([1.0, 2.0]) + np.ones(2)
            e = np.eye(2)
            for arr in (y, a, e):
                if type(arr) is not np.ndarray:
                    problems.append(type(arr))
            if y[1] != 2.5 or a[1] != 3.0:
                problems.append("wrong value")

    users = [threading.Thread(target=plain_numpy_user) for _ in range(3)]
    for t in users:
        t.start()
    try:
        x = np.array([0.4, -1.1, 0.8, 1.6])
        for _ in range(100):
            np.testing.assert_allclose(autodiff.grad(_loss)(x), _expected(x), rtol=1e-12)
    finally:
        stop.set()
        for t in users:
            t.join()
    assert problems == []
    assert np.zeros is ORIGINAL_ZEROS


def test_traces_on_several_threads_are_independent(fast_switching):
    results, errors = {}, []

    def tracer(seed):
        try:
            x = np.random.default_rng(seed).standard_normal(4)
            for _ in range(50):
                np.testing.assert_allclose(autodiff.grad(_loss)(x), _expected(x),
                                           rtol=1e-12)
            results[seed] = True
        except Exception as e:      # reported below with the thread's seed
            errors.append((seed, e))

    threads = [threading.Thread(target=tracer, args=(s,)) for s in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == [0, 1, 2, 3]
    assert np.zeros is ORIGINAL_ZEROS


def test_a_name_bound_before_tracing_gives_a_clear_error():
    from numpy import zeros         # bound to NumPy's own function: not seen by autodiff

    def f(x):
        y = zeros(3)
        y[0] = x[1]
        return np.sum(y)
    with pytest.raises(autodiff.TracerConversionError, match="item assignment"):
        autodiff.grad(f)(np.arange(1.0, 4.0))
