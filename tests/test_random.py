"""gparray.random: the Philox kernel against its known answers, the distributions against
their theory (moments, Kolmogorov-Smirnov and chi-square tests with fixed seeds, so no test
is flaky), reproducibility for a seed across calls and processes, and NumPy's signatures,
shapes, dtypes and errors."""
import math
import subprocess
import sys

import numpy as np
import pytest

import gparray
import gparray.random as gr
from gparray._runtime import launch as _launch, programs as _programs

N = 200_000


# -- Philox ------------------------------------------------------------------------------
def _philox_py(ctr, key):
    m0, m1, w0, w1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85
    c, k = list(ctr), list(key)
    mask = 0xFFFFFFFF
    for _ in range(10):
        p0, p1 = m0 * c[0], m1 * c[2]
        c = [(p1 >> 32) ^ c[1] ^ k[0], p1 & mask, (p0 >> 32) ^ c[3] ^ k[1], p0 & mask]
        k = [(k[0] + w0) & mask, (k[1] + w1) & mask]
    return c


def _philox_device(ctrs, key):
    device = gparray.default_device()
    source = (_programs.template("prelude.cl") + _programs.template("philox.cl") + r"""
__kernel void kat(__global uint* c, const uint k0, const uint k1, const long n)
{
    const long i = get_global_id(0);
    if (i >= n)
        return;
    uint x = c[4 * i], y = c[4 * i + 1], z = c[4 * i + 2], w = c[4 * i + 3];
    gp_philox4x32_10(&x, &y, &z, &w, k0, k1);
    c[4 * i] = x; c[4 * i + 1] = y; c[4 * i + 2] = z; c[4 * i + 3] = w;
}
""")
    knl = _programs.kernel(device, source, "kat", [None, np.uint32, np.uint32, np.int64])
    buf = gparray.asarray(np.asarray(ctrs, dtype=np.uint32).reshape(-1))
    _launch.launch(device, knl, len(ctrs), [buf._buf.cl, key[0], key[1], len(ctrs)])
    return buf.get().reshape(-1, 4)


def test_philox_known_answers():
    # Random123's kat_vectors for philox4x32_10
    got = _philox_device([[0, 0, 0, 0]], (0, 0))
    assert [hex(v) for v in got[0]] == ["0x6627e8d5", "0xe169c58d", "0xbc57ac4c", "0x9b00dbd8"]
    got = _philox_device([[0xFFFFFFFF] * 4], (0xFFFFFFFF, 0xFFFFFFFF))
    assert [hex(v) for v in got[0]] == ["0x408f276d", "0x41c83b0e", "0xa20bc7c6", "0x6d5451fd"]
    rng = np.random.default_rng(1)
    ctrs = rng.integers(0, 2**32, size=(16, 4), dtype=np.uint64)
    key = tuple(int(k) for k in rng.integers(0, 2**32, size=2))
    got = _philox_device(ctrs, key)
    for c, g in zip(ctrs, got):
        assert list(g) == _philox_py([int(v) for v in c], key)


# -- statistics helpers --------------------------------------------------------------------
def _ks(sample, cdf):
    """Kolmogorov-Smirnov statistic of ``sample`` against ``cdf``, and the asymptotic
    critical value at significance 0.001 (sqrt(-log(alpha / 2) / 2) / sqrt(n))."""
    x = np.sort(np.asarray(sample, dtype=np.float64))
    n = x.size
    f = cdf(x)
    i = np.arange(1, n + 1)
    d = max(np.max(i / n - f), np.max(f - (i - 1) / n))
    return d, math.sqrt(-math.log(0.0005) / 2) / math.sqrt(n)


def _chi2_ok(counts, probs, n):
    """Pearson's chi-square over cells with expectation >= 5 (the rest pooled), against
    the 0.999 quantile (Wilson-Hilferty)."""
    counts, expected = np.asarray(counts, float), np.asarray(probs, float) * n
    keep = expected >= 5
    obs = np.append(counts[keep], counts[~keep].sum() + (n - counts.sum()))
    exp = np.append(expected[keep], n - expected[keep].sum())
    if exp[-1] < 5:
        obs[-2] += obs[-1]
        exp[-2] += exp[-1]
        obs, exp = obs[:-1], exp[:-1]
    stat = np.sum((obs - exp) ** 2 / exp)
    k = len(obs) - 1
    crit = k * (1 - 2 / (9 * k) + 3.09 * math.sqrt(2 / (9 * k))) ** 3
    return stat, crit


_erf = np.vectorize(math.erf)


def _normal_cdf(x):
    return 0.5 * (1 + _erf(x / math.sqrt(2)))


def _gamma_int_cdf(k):
    def cdf(x):
        term, total = np.exp(-x), np.zeros_like(x)
        for i in range(k):
            total += term
            term = term * x / (i + 1)
        return 1 - total
    return cdf


def _beta_int_cdf(a, b):
    def cdf(x):
        m = a + b - 1
        return sum(math.comb(m, j) * x ** j * (1 - x) ** (m - j) for j in range(a, m + 1))
    return cdf


# -- continuous distributions ----------------------------------------------------------
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_random_uniform_ks_and_range(dtype):
    x = gr.default_rng(1).random(N, dtype=dtype)
    assert x.dtype == dtype and x.shape == (N,)
    h = x.get()
    assert h.min() >= 0 and h.max() < 1
    d, crit = _ks(h, lambda v: v)
    assert d < crit
    assert abs(h.mean() - 0.5) < 5 * math.sqrt(1 / 12 / N)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_standard_normal_ks_and_moments(dtype):
    z = gr.default_rng(2).standard_normal(N, dtype=dtype)
    assert z.dtype == dtype
    h = z.get().astype(np.float64)
    d, crit = _ks(h, _normal_cdf)
    assert d < crit
    assert abs(h.mean()) < 5 / math.sqrt(N)
    assert abs(h.var() - 1) < 5 * math.sqrt(2 / N)
    assert abs(np.mean(h ** 3)) < 5 * math.sqrt(15 / N)          # skewness 0
    assert abs(np.mean(h ** 4) - 3) < 5 * math.sqrt(96 / N)      # kurtosis 3


def test_normal_uniform_exponential_parameters():
    g = gr.default_rng(3)
    x = g.normal(5.0, 2.0, size=N).get()
    assert abs(x.mean() - 5) < 5 * 2 / math.sqrt(N) and abs(x.std() - 2) < 0.02
    d, crit = _ks((x - 5) / 2, _normal_cdf)
    assert d < crit
    u = g.uniform(-3.0, 1.0, size=N).get()
    assert u.min() >= -3 and u.max() < 1
    d, crit = _ks((u + 3) / 4, lambda v: v)
    assert d < crit
    e = g.exponential(2.0, size=N).get()
    d, crit = _ks(e / 2, lambda v: 1 - np.exp(-v))
    assert d < crit and e.min() >= 0
    # array parameters broadcast against each other
    y = g.normal(np.array([0.0, 100.0]), np.array([[1.0], [0.001]]))
    assert y.shape == (2, 2)
    h = y.get()
    assert abs(h[1, 1] - 100) < 0.01 and abs(h[1, 0]) < 0.01


@pytest.mark.parametrize("shape,scale,cdf", [
    (3.0, 2.0, _gamma_int_cdf(3)),                               # Marsaglia-Tsang
    (0.5, 1.0, lambda x: _erf(np.sqrt(x))),                      # shape < 1 boost
])
def test_gamma_ks(shape, scale, cdf):
    x = gr.default_rng(4).gamma(shape, scale, size=N // 2)
    assert x.dtype == np.float64
    h = x.get()
    d, crit = _ks(h / scale, cdf)
    assert d < crit
    assert abs(h.mean() - shape * scale) < 5 * scale * math.sqrt(shape / h.size)


@pytest.mark.parametrize("a,b,cdf", [
    (2.0, 3.0, _beta_int_cdf(2, 3)),
    (0.5, 0.5, lambda x: 2 / np.pi * np.arcsin(np.sqrt(x))),     # Johnk's method
])
def test_beta_ks(a, b, cdf):
    h = gr.default_rng(5).beta(a, b, size=N // 2).get()
    assert h.min() >= 0 and h.max() <= 1
    d, crit = _ks(h, cdf)
    assert d < crit


# -- discrete distributions ------------------------------------------------------------
def _poisson_pmf(lam, kmax):
    k = np.arange(kmax)
    return np.exp(-lam + k * np.log(lam) - np.array([math.lgamma(v + 1) for v in k]))


@pytest.mark.parametrize("lam", [0.5, 3.0, 50.0, 1000.0])
def test_poisson_chi_square(lam):
    x = gr.default_rng(6).poisson(lam, size=N // 2)
    assert x.dtype == np.int64
    h = x.get()
    kmax = int(lam + 12 * math.sqrt(lam) + 20)
    counts = np.bincount(h, minlength=kmax)[:kmax]
    stat, crit = _chi2_ok(counts, _poisson_pmf(lam, kmax), h.size)
    assert stat < crit
    assert abs(h.mean() - lam) < 5 * math.sqrt(lam / h.size)


@pytest.mark.parametrize("n,p", [(10, 0.3), (1000, 0.6), (1000, 0.01), (200, 0.97)])
def test_binomial_chi_square(n, p):
    h = gr.default_rng(7).binomial(n, p, size=N // 2).get()
    assert h.min() >= 0 and h.max() <= n
    k = np.arange(n + 1)
    logpmf = (np.array([math.lgamma(n + 1) - math.lgamma(v + 1) - math.lgamma(n - v + 1)
                        for v in k]) + k * math.log(p) + (n - k) * math.log1p(-p))
    stat, crit = _chi2_ok(np.bincount(h, minlength=n + 1), np.exp(logpmf), h.size)
    assert stat < crit
    assert abs(h.mean() - n * p) < 5 * math.sqrt(n * p * (1 - p) / h.size)


def test_nan_parameters_give_nan_like_numpy():
    g = gr.default_rng(0)
    assert np.isnan(g.normal(np.nan, 1.0, size=3).get()).all()
    assert np.isnan(g.exponential(np.nan, size=3).get()).all()


def test_discrete_edge_parameters():
    g = gr.default_rng(8)
    assert np.all(g.poisson(0.0, size=10).get() == 0)
    assert np.all(g.binomial(5, 0.0, size=10).get() == 0)
    assert np.all(g.binomial(5, 1.0, size=10).get() == 5)
    assert np.all(g.binomial(0, 0.5, size=10).get() == 0)
    lam = g.poisson([1.0, 100.0, 1e4], size=(1000, 3)).get().mean(axis=0)
    np.testing.assert_allclose(lam, [1, 100, 1e4], rtol=0.1)


# -- integers ----------------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["int8", "uint8", "int16", "uint16", "int32", "uint32",
                                   "int64", "uint64"])
def test_integers_dtypes_and_bounds(dtype):
    g = gr.default_rng(9)
    info = np.iinfo(dtype)
    x = g.integers(info.min, info.max, size=1000, dtype=dtype, endpoint=True)
    assert x.dtype == dtype and x.shape == (1000,)
    y = g.integers(3, 10, size=(20, 50), dtype=dtype).get()
    assert y.min() == 3 and y.max() == 9
    z = g.integers(3, 5, size=2000, dtype=dtype, endpoint=True).get()
    assert set(np.unique(z)) == {3, 4, 5}


def test_integers_uniform_chi_square_and_full_range():
    g = gr.default_rng(10)
    h = g.integers(0, 37, size=N).get()
    stat, crit = _chi2_ok(np.bincount(h, minlength=37), np.full(37, 1 / 37), N)
    assert stat < crit
    # a 32-bit range whose Lemire threshold rejects a quarter of the vector draws (those are
    # redrawn one by one)
    mid = g.integers(-2**30, 2**31, size=N).get()
    assert mid.min() >= -2**30 and mid.max() < 2**31
    d, crit = _ks((mid + 2**30) / (3 * 2**30), lambda v: v)
    assert d < crit
    # a range above 2^32 and the full 64-bit range use 64-bit draws
    big = g.integers(0, 3 * 2**40, size=N).get()
    assert big.min() >= 0 and big.max() < 3 * 2**40
    d, crit = _ks(big / (3 * 2**40), lambda v: v)
    assert d < crit
    full = g.integers(np.iinfo(np.int64).min, np.iinfo(np.int64).max, size=N, endpoint=True)
    h = full.get()
    assert (h < 0).mean() == pytest.approx(0.5, abs=0.01)
    b = g.integers(0, 2, size=1000, dtype=bool).get()
    assert b.dtype == bool and 400 < b.sum() < 600


def test_integers_errors_and_defaults():
    g = gr.default_rng(0)
    with pytest.raises(ValueError):
        g.integers(5, 5)
    with pytest.raises(ValueError):
        g.integers(5, 4, endpoint=True)
    with pytest.raises(ValueError):
        g.integers(0, 300, dtype=np.uint8)
    with pytest.raises(ValueError):
        g.integers(-1, 3, dtype=np.uint8)
    with pytest.raises(TypeError):
        g.integers(0, 3, dtype=np.float64)
    x = g.integers(7, size=5)
    assert x.dtype == np.int64 and x.get().max() < 7
    assert g.integers(3, 4).shape == ()
    assert g.integers([0, 10], [1, 20]).shape == (2,)
    h = g.integers([0, 10], [1, 20], size=(100, 2)).get()
    assert np.all(h[:, 0] == 0) and np.all((h[:, 1] >= 10) & (h[:, 1] < 20))


# -- reproducibility and independence --------------------------------------------------
def _draws(seed):
    g = gr.default_rng(seed)
    return [g.random(100).get(), g.standard_normal(77, dtype=np.float32).get(),
            g.integers(0, 1000, size=50).get(), g.gamma(2.5, size=30).get(),
            g.poisson(40.0, size=30).get(), g.permutation(20).get()]


def test_same_seed_same_stream_and_calls_independent():
    a, b, c = _draws(123), _draws(123), _draws(124)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a[0], c[0])
    g = gr.default_rng(5)
    first, second = g.random(1000).get(), g.random(1000).get()
    assert not np.array_equal(first, second)
    # successive calls look independent: the correlation of consecutive draws is ~0
    r = np.corrcoef(first, second)[0, 1]
    assert abs(r) < 5 / math.sqrt(1000)
    # and a single stream has no lag-1 correlation either
    x = g.standard_normal(N).get()
    assert abs(np.corrcoef(x[:-1], x[1:])[0, 1]) < 5 / math.sqrt(N)


def test_same_seed_in_another_process():
    code = ("import gparray.random as r, numpy as np; g = r.default_rng(123); "
            "print(repr(g.random(100).get().tolist()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert eval(out) == _draws(123)[0].tolist()


def test_seed_forms():
    a = gr.default_rng(np.random.SeedSequence(42)).random(5).get()
    np.testing.assert_array_equal(a, gr.default_rng(42).random(5).get())
    g = gr.default_rng(1)
    assert gr.default_rng(g) is g
    kids = g.spawn(2)
    assert not np.array_equal(kids[0].random(5).get(), kids[1].random(5).get())
    with pytest.raises(TypeError):
        gr.default_rng(1.5)
    with pytest.raises(ValueError):
        gr.default_rng(-1)


# -- shapes, dtypes and errors like NumPy's ----------------------------------------------
@pytest.mark.parametrize("call", [
    lambda g: g.random(), lambda g: g.random(3), lambda g: g.random((2, 3)),
    lambda g: g.random((2, 0)), lambda g: g.standard_normal((2, 3), dtype=np.float32),
    lambda g: g.normal(0, 1, (4,)), lambda g: g.normal([1.0, 2.0]),
    lambda g: g.uniform(size=(3, 1)), lambda g: g.exponential(size=2),
    lambda g: g.gamma([1.0, 2.0], 2.0), lambda g: g.beta(1.0, 2.0, 3),
    lambda g: g.poisson(size=(2, 2)), lambda g: g.binomial(10, [0.1, 0.5, 0.9]),
    lambda g: g.integers(0, 10, (2, 2), dtype=np.int16),
    lambda g: g.choice(5, (2, 3)), lambda g: g.choice([1.5, 2.5], 4),
    lambda g: g.permutation(6), lambda g: g.multivariate_normal([0.0, 1.0], np.eye(2), 4),
    lambda g: g.multivariate_normal([0.0, 1.0], np.eye(2)),
])
def test_shapes_and_dtypes_match_numpy(call):
    expected = np.asarray(call(np.random.default_rng(0)))
    got = call(gr.default_rng(0))
    assert isinstance(got, gparray.ndarray)
    assert got.shape == expected.shape and got.dtype == expected.dtype


@pytest.mark.parametrize("call", [
    lambda g: g.normal(0, -1), lambda g: g.normal(0, [1, -1]), lambda g: g.exponential(-1),
    lambda g: g.gamma(-1), lambda g: g.gamma(1, -2), lambda g: g.beta(0, 1),
    lambda g: g.beta(1, -1), lambda g: g.poisson(-1), lambda g: g.binomial(-1, 0.5),
    lambda g: g.binomial(10, 1.5), lambda g: g.binomial(10, -0.1),
    lambda g: g.random(dtype=np.int32), lambda g: g.standard_normal(dtype=np.int64),
    lambda g: g.random(-1), lambda g: g.normal([0, 1], 1, size=3),
    lambda g: g.choice(0, 3), lambda g: g.choice(3, 5, replace=False),
    lambda g: g.choice(3, p=[0.5, 0.5]), lambda g: g.choice(3, p=[0.5, 0.6, -0.1]),
    lambda g: g.choice(3, p=[0.2, 0.2, 0.2]), lambda g: g.permutation(np.float64(2.5)),
    lambda g: g.multivariate_normal([0.0], np.eye(2)),
    lambda g: g.multivariate_normal([0.0, 0.0], [[1, 2], [3, -4]], check_valid="raise"),
    lambda g: g.uniform(0, np.inf), lambda g: g.poisson(np.nan), lambda g: g.integers(0, 2**65),
])
def test_errors_match_numpy(call):
    from conftest import raises_same

    raises_same(lambda: call(np.random.default_rng(0)), lambda: call(gr.default_rng(0)))


# -- permutations and sampling -------------------------------------------------------------
def test_permutation_shuffle_permuted():
    g = gr.default_rng(11)
    p = g.permutation(1000).get()
    assert sorted(p) == list(range(1000))
    x = gparray.asarray(np.arange(24).reshape(6, 4))
    y = g.permutation(x).get()
    assert sorted(y[:, 0]) == list(range(0, 24, 4)) and np.all(np.diff(y, axis=1) == 1)
    z = g.permutation(x, axis=1).get()
    assert np.all(np.sort(z, axis=1) == np.arange(24).reshape(6, 4))
    g.shuffle(x)
    h = x.get()
    assert sorted(h[:, 0]) == list(range(0, 24, 4)) and np.all(np.diff(h, axis=1) == 1)
    a = gparray.asarray(np.arange(12).reshape(3, 4))
    q = g.permuted(a, axis=1).get()
    assert np.all(np.sort(q, axis=1) == np.arange(12).reshape(3, 4))
    f = g.permuted(a).get()
    assert sorted(f.ravel()) == list(range(12))
    # each of the 6 orders of 3 elements about equally often
    counts = {}
    for _ in range(300):
        key = tuple(g.permutation(3).get())
        counts[key] = counts.get(key, 0) + 1
    assert len(counts) == 6 and min(counts.values()) > 20


def test_choice_frequencies():
    g = gr.default_rng(12)
    p = np.array([0.1, 0.2, 0.3, 0.4])
    h = g.choice(4, size=N, p=p).get()
    stat, crit = _chi2_ok(np.bincount(h, minlength=4), p, N)
    assert stat < crit
    s = g.choice(100, size=50, replace=False).get()
    assert len(set(s)) == 50 and s.min() >= 0 and s.max() < 100
    # without replacement, proportional to p: the first pick follows p
    first = np.array([g.choice(4, size=2, replace=False, p=p).get()[0] for _ in range(400)])
    assert np.bincount(first, minlength=4)[3] > np.bincount(first, minlength=4)[0]
    arr = gparray.asarray(np.arange(10) * 10)
    c = g.choice(arr, size=(3, 2)).get()
    assert c.shape == (3, 2) and np.all(c % 10 == 0)
    rows = g.choice(gparray.asarray(np.arange(12).reshape(4, 3)), 2, axis=0).get()
    assert rows.shape == (2, 3) and np.all(rows[:, 1] - rows[:, 0] == 1)


def test_multivariate_normal_covariance():
    cov = np.array([[2.0, 0.8, 0.0], [0.8, 1.0, -0.3], [0.0, -0.3, 0.5]])
    mean = np.array([1.0, -2.0, 0.5])
    for method in ("svd", "eigh", "cholesky"):
        x = gr.default_rng(13).multivariate_normal(mean, cov, size=50_000, method=method).get()
        np.testing.assert_allclose(x.mean(axis=0), mean, atol=0.03)
        np.testing.assert_allclose(np.cov(x.T), cov, atol=0.05)


# -- legacy functions --------------------------------------------------------------------
def test_legacy_functions():
    gr.seed(7)
    a = gr.rand(3, 2)
    gr.seed(7)
    np.testing.assert_array_equal(a.get(), gr.rand(3, 2).get())
    assert a.shape == (3, 2) and a.dtype == np.float64
    assert gr.randn(4).shape == (4,) and gr.randn().shape == ()
    r = gr.randint(5, size=100).get()
    assert r.dtype == np.int64 and r.min() >= 0 and r.max() < 5
    assert gr.randint(2, 4, size=(2, 2), dtype=np.int8).dtype == np.int8
    assert gr.random((2,)).shape == (2,)
    assert gr.normal(1.0, 2.0, 3).shape == (3,) and gr.uniform(0, 1, 2).shape == (2,)
    x = gparray.arange(10)
    gr.shuffle(x)
    assert sorted(x.get()) == list(range(10))
    assert sorted(gr.permutation(5).get()) == list(range(5))
    assert gr.choice(5, 3, replace=False).shape == (3,)
    with pytest.raises(ValueError):
        gr.seed(-1)
    with pytest.raises(ValueError):
        gr.randint(3, 3)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_block_fill_prefix_and_tail(dtype):
    # a shorter request is a prefix of a longer one from the same state (the tail of the
    # last work-item goes through a private buffer), and float32 keeps full resolution
    long_ = gr.default_rng(3).standard_normal(1000, dtype=dtype).get()
    for n in (1, 63, 64, 65, 130):
        np.testing.assert_array_equal(gr.default_rng(3).standard_normal(n, dtype=dtype).get(),
                                      long_[:n])
    assert len(np.unique(gr.default_rng(4).random(100_000, dtype=dtype).get())) > 99_000


def test_without_fp64_defaults_are_float32():
    with gparray.hide_fp64():
        g = gr.default_rng(0)
        for x in (g.random(5), g.standard_normal(5), g.normal(1, 2, 5), g.uniform(0, 1, 3),
                  g.exponential(size=3), g.gamma(2.0, size=3), g.beta(2.0, 3.0, size=3),
                  g.multivariate_normal([0.0, 0.0], np.eye(2), 2), gr.rand(2)):
            assert x.dtype == np.float32
        assert g.poisson(50.0, size=3).dtype == np.int64
        assert g.choice(4, 3, p=[0.1, 0.2, 0.3, 0.4], replace=False).shape == (3,)
        h = g.standard_normal(50_000).get()
        assert abs(h.mean()) < 0.03 and abs(h.std() - 1) < 0.02
        with pytest.raises(TypeError, match="fp64|double"):
            g.random(3, dtype=np.float64)


def test_out_arguments():
    g = gr.default_rng(0)
    out = gparray.empty((3, 4))
    assert g.random(out=out) is out and 0 <= out.get().min()
    base = gparray.zeros((3, 4))
    assert g.random(out=base[1]) is not None        # contiguous, at an offset
    h = base.get()
    assert (h[0] == 0).all() and (h[2] == 0).all() and (h[1] > 0).all()
    view = gparray.empty((4, 3)).T                  # non-contiguous out
    assert g.standard_normal(out=view) is view and np.isfinite(view.get()).all()
    f32 = gparray.empty((2, 2), dtype=np.float32)
    assert g.random(out=f32, dtype=np.float32) is f32
    with pytest.raises(TypeError):
        g.random(out=f32)
    with pytest.raises(ValueError):
        g.random(size=(3,), out=gparray.empty((2,)))
