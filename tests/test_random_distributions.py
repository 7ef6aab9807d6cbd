"""The Generator methods of gparray.random/_distributions.py: each distribution against
NumPy's own sampler by a two-sample Kolmogorov-Smirnov test (or a chi-square test on the
counts of a discrete one) and against its theoretical mean, with fixed seeds so that no
test is flaky; then shapes, dtypes, parameter broadcasting and errors against NumPy."""
import math

import numpy as np
import pytest

import gparray
import gparray.random as gr
from conftest import raises_same

N = 20_000
# two-sample KS at significance 1e-4: D > c * sqrt(2 / N) with c = sqrt(-log(alpha / 2) / 2)
KS_CRIT = math.sqrt(-math.log(0.5e-4) / 2) * math.sqrt(2 / N)

CONTINUOUS = [
    ("chisquare", (3.0,), 3.0),
    ("chisquare", (0.5,), 0.5),
    ("f", (5.0, 8.0), 8.0 / 6.0),
    ("standard_t", (5.0,), 0.0),
    ("noncentral_chisquare", (3.0, 2.0), 5.0),
    ("noncentral_chisquare", (0.5, 2.0), 2.5),          # df <= 1: the Poisson mixture
    ("noncentral_chisquare", (2.0, 0.0), 2.0),
    ("noncentral_f", (5.0, 8.0, 1.5), 8.0 * 6.5 / (5.0 * 6.0)),
    ("lognormal", (0.5, 0.3), math.exp(0.5 + 0.045)),
    ("laplace", (1.0, 2.0), 1.0),
    ("logistic", (1.0, 2.0), 1.0),
    ("gumbel", (1.0, 2.0), 1.0 + 2.0 * 0.5772156649015329),
    ("pareto", (3.0,), 0.5),
    ("power", (2.5,), 2.5 / 3.5),
    ("rayleigh", (2.0,), 2.0 * math.sqrt(math.pi / 2)),
    ("standard_cauchy", (), None),
    ("weibull", (1.5,), math.gamma(1 + 1 / 1.5)),
    ("wald", (1.0, 2.0), 1.0),
    ("triangular", (0.0, 1.0, 3.0), 4.0 / 3.0),
    ("vonmises", (0.5, 2.0), None),
    ("vonmises", (-2.0, 1e-9), None),                    # the uniform circle
    ("vonmises", (3.0, 1e7), None),                      # wrapped normal near pi
]

DISCRETE = [
    ("geometric", (0.3,), 1 / 0.3),
    ("geometric", (1.0,), 1.0),
    ("negative_binomial", (3.0, 0.4), 3.0 * 0.6 / 0.4),
    ("negative_binomial", (0.5, 0.9), 0.5 * 0.1 / 0.9),
    ("logseries", (0.7,), -0.7 / (0.3 * math.log(0.3))),
    ("logseries", (0.0,), 1.0),
    ("zipf", (2.5,), None),
    ("hypergeometric", (20, 30, 15), 15 * 20 / 50),
    ("hypergeometric", (5, 500, 400), 400 * 5 / 505),   # the complement branch
    ("hypergeometric", (7, 0, 7), 7.0),
    ("hypergeometric", (300, 700, 200), 200 * 300 / 1000),           # HRUA
    ("hypergeometric", (700, 300, 900), 900 * 700 / 1000),           # HRUA, both mirrors
    ("hypergeometric", (40, 10**6, 5 * 10**5), 5 * 10**5 * 40 / (10**6 + 40)),
]


def _ks_two_sample(a, b):
    a, b = np.sort(a), np.sort(b)
    grid = np.concatenate([a, b])
    cdf_a = np.searchsorted(a, grid, side="right") / a.size
    cdf_b = np.searchsorted(b, grid, side="right") / b.size
    return np.max(np.abs(cdf_a - cdf_b))


@pytest.mark.parametrize("name,args,mean", CONTINUOUS, ids=lambda v: str(v))
def test_continuous_against_numpy(name, args, mean):
    got = getattr(gr.default_rng(11), name)(*args, size=N)
    assert isinstance(got, gparray.ndarray) and got.dtype == np.float64
    h = got.get()
    ref = getattr(np.random.default_rng(11), name)(*args, size=N)
    assert np.all(np.isfinite(h))
    assert _ks_two_sample(h, ref) < KS_CRIT
    if mean is not None:
        assert abs(h.mean() - mean) < 6 * np.std(ref) / math.sqrt(N) + 1e-12


@pytest.mark.parametrize("name,args,mean", DISCRETE, ids=lambda v: str(v))
def test_discrete_against_numpy(name, args, mean):
    got = getattr(gr.default_rng(12), name)(*args, size=N)
    assert isinstance(got, gparray.ndarray) and got.dtype == np.int64
    h = got.get()
    ref = getattr(np.random.default_rng(12), name)(*args, size=N)
    # chi-square on the values both samples hit at least 20 times, the rest pooled
    top = max(h.max(), ref.max()) + 1
    ch, cr = np.bincount(h, minlength=top), np.bincount(ref, minlength=top)
    keep = (ch + cr) >= 40
    obs = np.append(ch[keep], ch[~keep].sum())
    exp = np.append(cr[keep], cr[~keep].sum())
    cells = obs + exp > 0
    obs, exp = obs[cells], exp[cells]
    stat = np.sum((obs - exp) ** 2 / (obs + exp))     # two-sample chi-square
    dof = max(len(obs) - 1, 1)
    assert stat < dof + 6 * math.sqrt(2 * dof) + 10
    if mean is not None:
        assert abs(h.mean() - mean) < 6 * max(np.std(ref), 1e-9) / math.sqrt(N) + 1e-12


def test_multinomial():
    p = [0.2, 0.3, 0.5]
    got = gr.default_rng(13).multinomial(10, p, size=N)
    assert got.dtype == np.int64 and got.shape == (N, 3)
    h = got.get()
    assert np.all(h.sum(axis=1) == 10) and np.all(h >= 0)
    np.testing.assert_allclose(h.mean(axis=0), 10 * np.array(p), atol=0.05)
    cov = np.cov(h.T)
    expected = 10 * (np.diag(p) - np.outer(p, p))
    np.testing.assert_allclose(cov, expected, atol=0.08)
    batch = gr.default_rng(1).multinomial([5, 50], [[0.5, 0.5], [0.1, 0.9]])
    assert batch.shape == (2, 2)
    np.testing.assert_array_equal(batch.get().sum(axis=1), [5, 50])


def test_multivariate_hypergeometric():
    colors = [5, 10, 15]
    for method in ("marginals", "count"):
        got = gr.default_rng(14).multivariate_hypergeometric(colors, 12, size=N,
                                                             method=method)
        h = got.get()
        assert got.dtype == np.int64 and got.shape == (N, 3)
        assert np.all(h.sum(axis=1) == 12) and np.all(h <= colors)
        np.testing.assert_allclose(h.mean(axis=0), 12 * np.array(colors) / 30, atol=0.06)
    assert gr.default_rng(1).multivariate_hypergeometric([3, 4], 7).get().tolist() == [3, 4]


@pytest.mark.parametrize("alpha", [[1.0, 2.0, 3.0], [0.01, 0.02, 0.05], [2.0, 0.0, 1.0]])
def test_dirichlet(alpha):
    got = gr.default_rng(15).dirichlet(alpha, size=N)
    h = got.get()
    assert got.dtype == np.float64 and got.shape == (N, 3)
    np.testing.assert_allclose(h.sum(axis=1), 1.0, rtol=1e-12)
    a = np.array(alpha)
    np.testing.assert_allclose(h.mean(axis=0), a / a.sum(), atol=0.01)
    ref = np.random.default_rng(15).dirichlet(alpha, size=N)
    assert _ks_two_sample(h[:, 0], ref[:, 0]) < KS_CRIT


def test_bytes():
    g = gr.default_rng(16)
    b = g.bytes(4000)
    assert isinstance(b, bytes) and len(b) == 4000
    counts = np.bincount(np.frombuffer(b, dtype=np.uint8), minlength=256)
    assert counts.min() > 0 and abs(counts.mean() - 4000 / 256) < 1e-9
    assert g.bytes(0) == b"" and g.bytes(8) != g.bytes(8)
    assert len(g.bytes(2.5)) == 2 and g.bytes(-5) == b""      # NumPy's int() and slicing


def test_broadcast_parameters():
    g = gr.default_rng(17)
    lo = np.array([0.0, 10.0, 100.0])
    x = g.triangular(lo, lo + 1, lo + 2, size=(4000, 3)).get()
    assert np.all((x >= lo) & (x <= lo + 2))
    np.testing.assert_allclose(x.mean(axis=0), lo + 1, atol=0.05)
    dev = gparray.asarray(np.array([[1.0], [3.0]]))
    y = g.wald(dev, 2.0, size=(2, 5000)).get()
    np.testing.assert_allclose(y.mean(axis=1), [1.0, 3.0], rtol=0.06)
    n = g.hypergeometric(np.array([10, 20]), 10, np.array([[5], [15]]))
    assert n.shape == (2, 2)
    big = g.hypergeometric(10**8, 3 * 10**8, 10**8, size=2000).get()
    assert abs(big.mean() - 2.5e7) < 6 * math.sqrt(1.4e7 / 2000)
    strided = gparray.asarray(np.array([[1.0, 5.0], [2.0, 6.0]])).T     # a transposed view
    z = g.laplace(strided, 0.5, size=(2000, 2, 2)).get()
    np.testing.assert_allclose(z.mean(axis=0), [[1.0, 2.0], [5.0, 6.0]], atol=0.1)


SHAPE_CALLS = [
    lambda g: g.chisquare(2.0), lambda g: g.chisquare([1.0, 2.0]),
    lambda g: g.f(1.0, 2.0, (2, 3)), lambda g: g.standard_t(3.0, 0),
    lambda g: g.noncentral_chisquare([1.0, 2.0], 1.0, (3, 2)),
    lambda g: g.noncentral_f(1.0, 2.0, [[0.5], [1.0]]), lambda g: g.lognormal(size=4),
    lambda g: g.laplace(size=(2, 2)), lambda g: g.logistic([0.0, 1.0]),
    lambda g: g.gumbel(scale=[1.0, 2.0]), lambda g: g.pareto(2.0, 3),
    lambda g: g.power([1.0, 2.0]), lambda g: g.rayleigh(size=()),
    lambda g: g.standard_cauchy((2, 0)), lambda g: g.weibull(0.0, 3),
    lambda g: g.wald(1.0, 1.0, 2), lambda g: g.triangular(0, 1, 2, (1, 2)),
    lambda g: g.vonmises([0.0, 1.0], 1.0), lambda g: g.geometric(0.5, 3),
    lambda g: g.negative_binomial(1, 1.0, 2), lambda g: g.logseries([0.1, 0.2]),
    lambda g: g.zipf(2.0, (2, 2)), lambda g: g.hypergeometric(3, 4, 5, 6),
    lambda g: g.multinomial(5, [0.5, 0.5], (2, 3)), lambda g: g.multinomial([3, 4], [0.2, 0.8]),
    lambda g: g.multinomial(5, [0.5, 0.5]), lambda g: g.multinomial(5, [0.5, 0.5], 0),
    lambda g: g.multivariate_hypergeometric([2, 3], 2, 4),
    lambda g: g.multivariate_hypergeometric(np.array([2, 3], np.int32), 2),
    lambda g: g.dirichlet([1.0, 2.0], (2, 3)), lambda g: g.dirichlet([1.0, 1.0]),
    lambda g: g.dirichlet([]),
]


@pytest.mark.parametrize("call", SHAPE_CALLS)
def test_shapes_and_dtypes_match_numpy(call):
    expected = np.asarray(call(np.random.default_rng(0)))
    got = call(gr.default_rng(0))
    assert isinstance(got, gparray.ndarray)
    assert got.shape == expected.shape and got.dtype == expected.dtype


ERROR_CALLS = [
    lambda g: g.chisquare(0), lambda g: g.chisquare([1, -1]), lambda g: g.f(0, 1),
    lambda g: g.f(1, 0), lambda g: g.standard_t(0), lambda g: g.noncentral_chisquare(0, 1),
    lambda g: g.noncentral_chisquare(1, -1), lambda g: g.noncentral_f(0, 1, 1),
    lambda g: g.noncentral_f(1, 0, 1), lambda g: g.noncentral_f(1, 1, -1),
    lambda g: g.lognormal(0, -1), lambda g: g.laplace(0, -1), lambda g: g.logistic(0, -1),
    lambda g: g.gumbel(0, -1), lambda g: g.pareto(0), lambda g: g.power(-1),
    lambda g: g.rayleigh(-1), lambda g: g.weibull(-1), lambda g: g.wald(0, 1),
    lambda g: g.wald(1, 0), lambda g: g.triangular(2, 1, 3), lambda g: g.triangular(0, 4, 3),
    lambda g: g.triangular(1, 1, 1), lambda g: g.vonmises(0, -1),
    lambda g: g.geometric(0), lambda g: g.geometric(1.5), lambda g: g.geometric(np.nan),
    lambda g: g.negative_binomial(0, 0.5), lambda g: g.negative_binomial(1, 0),
    lambda g: g.negative_binomial(1, np.nan), lambda g: g.logseries(1),
    lambda g: g.logseries(-0.1), lambda g: g.zipf(1), lambda g: g.zipf(np.nan),
    lambda g: g.hypergeometric(1, 1, 3), lambda g: g.hypergeometric(1, 1, -1),
    lambda g: g.hypergeometric(-1, 5, 1), lambda g: g.hypergeometric(5, -1, 1),
    lambda g: g.hypergeometric(10**9, 10**9, 10),
    lambda g: g.multinomial(-1, [0.5, 0.5]), lambda g: g.multinomial(3, [-0.1, 1.1]),
    lambda g: g.multinomial(3, [np.nan, 1]), lambda g: g.multinomial(3, 0.5),
    lambda g: g.multinomial(3, [0.9, 0.9, 0.1]), lambda g: g.multinomial([3, 4], [0.5, 0.5], 3),
    lambda g: g.dirichlet([-1, 1]), lambda g: g.dirichlet([[1, 1]]),
    lambda g: g.multivariate_hypergeometric([1, -1], 1),
    lambda g: g.multivariate_hypergeometric([2, 3], 6),
    lambda g: g.multivariate_hypergeometric([2, 3], -1),
    lambda g: g.multivariate_hypergeometric([2, 3], 2, None, "x"),
    lambda g: g.multivariate_hypergeometric([2.5, 3], 1),
    lambda g: g.f([1.0, 2.0], 1.0, size=3),
]


@pytest.mark.parametrize("call", ERROR_CALLS)
def test_errors_match_numpy(call):
    raises_same(lambda: call(np.random.default_rng(0)), lambda: call(gr.default_rng(0)))


def test_nan_parameters_give_nan_like_numpy():
    g = gr.default_rng(3)
    for name, args in [("chisquare", (np.nan,)), ("noncentral_chisquare", (1.0, np.nan)),
                       ("lognormal", (0.0, np.nan)), ("wald", (np.nan, 1.0)),
                       ("vonmises", (0.0, np.nan)), ("pareto", (np.nan,))]:
        ref = np.asarray(getattr(np.random.default_rng(3), name)(*args, size=3))
        got = getattr(g, name)(*args, size=3).get()
        np.testing.assert_array_equal(np.isnan(got), np.isnan(ref))


def test_same_seed_same_values_and_calls_independent():
    a = gr.default_rng(5).vonmises(0.0, 3.0, size=50).get()
    b = gr.default_rng(5).vonmises(0.0, 3.0, size=50).get()
    np.testing.assert_array_equal(a, b)
    g = gr.default_rng(5)
    first, second = g.zipf(2.0, size=50).get(), g.zipf(2.0, size=50).get()
    assert not np.array_equal(first, second)


def test_without_fp64_the_samples_are_float32():
    with gparray.hide_fp64():
        g = gr.default_rng(0)
        x = g.gumbel(size=1000)
        assert x.dtype == np.float32
        assert abs(float(x.get().mean()) - 0.5772) < 0.15
        assert g.geometric(0.5, size=10).dtype == np.int64
