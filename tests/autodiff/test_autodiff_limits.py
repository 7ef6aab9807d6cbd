"""The rules that used to stop short (issue 5): zeros in cumprod/prod, the triangle that
eigh and cholesky read, non-unique SVD/QR outputs, every pad mode and quantile method,
and jacobian of several/pytree arguments. Finite-difference checks of the rules
themselves are rows of test_autodiff_rules.py; here: exact values, errors, broadcast and
0-d inputs, and the same gradients on gparray arrays without leaving the device."""
import numpy as np
import pytest

import autodiff as ad

rng = np.random.default_rng(5)

QUANTILE_METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation",
                    "interpolated_inverted_cdf", "hazen", "weibull", "linear",
                    "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint",
                    "nearest"]


def _spd(n):
    m = rng.standard_normal((n, n))
    return m @ m.T + n * np.eye(n)


# ---- cumprod and prod with zeros ----------------------------------------------------------
def _cumprod_jacobian(x):
    """d cumprod(x)_j / d x_i by brute force: products over k <= j, k != i."""
    n = x.shape[0]
    J = np.zeros((n, n))
    for j in range(n):
        for i in range(j + 1):
            J[j, i] = np.prod(np.delete(x[:j + 1], i))
    return J


@pytest.mark.parametrize("zeros", [[], [0], [3], [2, 5], [0, 1, 7], list(range(9))])
def test_cumprod_jacobian_exact_with_zeros(zeros):
    x = rng.uniform(0.5, 1.5, 9) * rng.choice([-1.0, 1.0], 9)
    x[zeros] = 0.0
    want = _cumprod_jacobian(x)
    for mode in ("reverse", "forward"):
        got = ad.jacobian(np.cumprod, mode=mode)(x)
        assert np.all(np.isfinite(got))
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)


def test_cumprod_long_axis_with_zeros():
    # Several doubling rounds of the scan; a zero in the middle and one near the end.
    x = rng.uniform(0.9, 1.1, (2, 300))
    x[0, 100] = 0.0
    x[1, 290] = 0.0
    g = rng.standard_normal((2, 300))
    got = ad.vjp(lambda v: np.cumprod(v, axis=1), x)[1](g)[0]
    want = np.stack([_cumprod_jacobian(r).T @ gr for r, gr in zip(x, g)])
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)
    ad.check_grads(lambda v: np.cumprod(v, axis=1), x, order=2, rtol=1e-4)


def test_prod_gradient_and_hessian_with_zeros():
    x = np.array([2.0, 0.0, 3.0, 0.0, 5.0])
    # One zero: only its own gradient entry is nonzero.
    one = x.copy()
    one[3] = 4.0
    np.testing.assert_allclose(ad.grad(np.prod)(one), [0, 120.0, 0, 0, 0])
    np.testing.assert_array_equal(ad.grad(np.prod)(x), np.zeros(5))
    H = ad.hessian(np.prod)(x)
    want = np.zeros((5, 5))
    want[1, 3] = want[3, 1] = 30.0
    np.testing.assert_allclose(H, want)
    H = ad.hessian(np.prod, mode="reverse")(x)
    np.testing.assert_allclose(H, want)


def test_cumprod_broadcast_and_0d_inputs():
    base = rng.standard_normal(4)
    base[1] = 0.0
    ad.check_grads(lambda v: np.cumprod(v, axis=0), np.broadcast_to(base, (3, 4)).T)
    ad.check_grads(lambda v: np.cumprod(v * np.ones((2, 1)), axis=1), base)
    ad.check_grads(np.cumprod, np.array(0.0), order=3)
    ad.check_grads(lambda v: np.nancumprod(v, axis=1),
                   np.array([[np.nan, 0.0, 2.0], [1.5, np.nan, 0.0]]))


# ---- triangles read by eigh and cholesky --------------------------------------------------
@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh_gradient_lives_in_the_triangle_read(uplo):
    a = rng.standard_normal((4, 4))      # not symmetric: only one triangle matters
    f = lambda m: np.sum(np.linalg.eigh(m, UPLO=uplo)[0] ** 3) + np.sum(  # noqa: E731
        np.linalg.eigh(m, UPLO=uplo)[1][:, 0] ** 2)
    g = ad.grad(f)(a)
    other = np.triu(g, 1) if uplo == "L" else np.tril(g, -1)
    assert np.all(other == 0)
    # The value is NumPy's: the other triangle is ignored.
    sym = np.tril(a) + np.tril(a, -1).T if uplo == "L" else np.triu(a) + np.triu(a, 1).T
    np.testing.assert_allclose(ad.grad(f)(sym), g, rtol=1e-12, atol=1e-12)
    ad.check_grads(f, a)
    ad.check_grads(lambda m: np.linalg.eigvalsh(m, UPLO=uplo), a)


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_gradient_lives_in_the_triangle_read(upper):
    a = _spd(4)
    a[0, 3] += 0.3                       # asymmetric: perturbs the triangle not read
    f = lambda m: np.linalg.cholesky(m, upper=upper)  # noqa: E731
    g = ad.vjp(f, a)[1](rng.standard_normal((4, 4)))[0]
    other = np.tril(g, -1) if upper else np.triu(g, 1)
    assert np.all(other == 0)
    ad.check_grads(f, a)
    ad.check_grads(lambda m: np.linalg.cholesky(m, upper=upper),
                   np.broadcast_to(_spd(3), (2, 3, 3)))


def test_bad_uplo_is_a_value_error():
    with pytest.raises(ValueError):
        ad.grad(lambda m: np.sum(np.linalg.eigh(m, UPLO="X")[0]))(_spd(3))


# ---- non-unique outputs: full SVD and complete QR -----------------------------------------
@pytest.mark.parametrize("shape_", [(5, 3), (3, 5), (2, 4, 3)])
def test_full_svd_differentiable_through_its_unique_parts(shape_):
    a = rng.standard_normal(shape_)
    k = min(shape_[-2:])
    thin = lambda m: (lambda u, s, vh: np.sum(u ** 3 @ (s[..., :, None] * vh)))(  # noqa
        *np.linalg.svd(m, full_matrices=False))
    full = lambda m: (lambda u, s, vh: np.sum(u[..., :, :k] ** 3 @ (  # noqa: E731
        s[..., :, None] * vh[..., :k, :])))(*np.linalg.svd(m))
    np.testing.assert_allclose(ad.grad(full)(a), ad.grad(thin)(a), rtol=1e-12, atol=1e-12)
    ad.check_grads(lambda m: np.linalg.svd(m)[1], a)


@pytest.mark.parametrize("shape_", [(5, 3), (3, 5)])
def test_full_svd_extra_columns_raise(shape_):
    a = rng.standard_normal(shape_)
    with pytest.raises(ValueError, match=r"svd\(full_matrices=True\).*not unique"):
        ad.grad(lambda m: (lambda u, s, vh: np.sum(u ** 2 * 0.5) + np.sum(vh ** 3))(
            *np.linalg.svd(m)))(a)
    # Forward mode marks their tangent as undefined.
    _, (du, ds, dvh) = ad.jvp(np.linalg.svd, (a,), (rng.standard_normal(shape_),))
    extra = du[:, 3:] if shape_[0] > shape_[1] else dvh[3:]
    assert np.all(np.isnan(extra))
    assert np.all(np.isfinite(ds))


def test_qr_complete_tall_and_errors():
    a = rng.standard_normal((5, 3))
    ok = lambda m: (lambda q, r: np.sum(q[:, :3] ** 3) + np.sum(r ** 2))(  # noqa: E731
        *np.linalg.qr(m, mode="complete"))
    reduced = lambda m: (lambda q, r: np.sum(q ** 3) + np.sum(r ** 2))(  # noqa: E731
        *np.linalg.qr(m))
    np.testing.assert_allclose(ad.grad(ok)(a), ad.grad(reduced)(a), rtol=1e-12)
    with pytest.raises(ValueError, match=r"qr\(mode='complete'\).*not unique"):
        ad.grad(lambda m: np.sum(np.linalg.qr(m, mode="complete")[0]))(a)
    with pytest.raises(ValueError, match="raw"):
        ad.grad(lambda m: np.sum(np.linalg.qr(m, mode="raw")[0]))(a)


@pytest.mark.parametrize("shape_", [(3, 5), (4, 4), (2, 3, 6), (6, 2)])
def test_qr_values_unchanged_and_r_mode(shape_):
    a = rng.standard_normal(shape_)
    for mode in ("reduced", "complete", "r"):
        value = ad.vjp(lambda m: np.linalg.qr(m, mode=mode), a)[0]
        want = np.linalg.qr(a, mode=mode)
        for v, w in zip(*(([value], [want]) if mode == "r" else (value, want))):
            np.testing.assert_array_equal(v, w)
    ad.check_grads(lambda m: np.linalg.qr(m, mode="r"), a)


# ---- pad ----------------------------------------------------------------------------------
PAD_MODES = [dict(mode="constant", constant_values=1.5), dict(mode="edge"),
             dict(mode="reflect"), dict(mode="symmetric"), dict(mode="wrap"),
             dict(mode="reflect", reflect_type="odd"),
             dict(mode="symmetric", reflect_type="odd"),
             dict(mode="linear_ramp", end_values=(2.0, -1.0)), dict(mode="mean"),
             dict(mode="mean", stat_length=2), dict(mode="maximum"),
             dict(mode="minimum", stat_length=(1, 2)), dict(mode="median"),
             dict(mode="median", stat_length=3)]


@pytest.mark.parametrize("kw", PAD_MODES, ids=lambda k: "-".join(map(str, k.values())))
@pytest.mark.parametrize("width", [2, ((1, 6), (3, 0))], ids=["2", "wide"])
def test_pad_value_is_numpys_and_gradient_matches(kw, width):
    x = rng.permutation(20).reshape(4, 5) * 0.3 + rng.uniform(-0.05, 0.05, (4, 5))
    value = ad.vjp(lambda v: np.pad(v, width, **kw), x)[0]
    np.testing.assert_array_equal(value, np.pad(x, width, **kw))
    smooth = kw["mode"] not in ("maximum", "minimum", "median")
    ad.check_grads(lambda v: np.pad(v, width, **kw), x, order=2 if smooth else 1)
    ad.check_grads(lambda v: np.pad(v, width, **kw), x[::2, ::-2].T, order=1)


def test_pad_empty_and_broadcast_and_0d():
    x = rng.standard_normal((3, 4))
    g = ad.grad(lambda v: np.sum(np.pad(v, 2, mode="empty")[2:-2, 2:-2] ** 2))(x)
    np.testing.assert_allclose(g, 2 * x)
    ad.check_grads(lambda v: np.pad(v, (1, 2), mode="linear_ramp"),
                   np.broadcast_to(rng.standard_normal(4), (3, 4)))
    ad.check_grads(lambda v: np.pad(v, 3, mode="mean"), np.array(1.7))
    with pytest.raises(NotImplementedError, match="callable"):
        ad.grad(lambda v: np.sum(np.pad(v, 1, mode=lambda *a: None)))(x)


# ---- quantiles ----------------------------------------------------------------------------
@pytest.mark.parametrize("method", QUANTILE_METHODS)
def test_quantile_value_is_numpys_and_weights_sum_to_one(method):
    x = rng.standard_normal((6, 7))
    q = np.array([0.0, 0.13, 0.5, 0.81, 1.0])
    value = ad.vjp(lambda v: np.quantile(v, q, axis=1, method=method), x)[0]
    np.testing.assert_array_equal(value, np.quantile(x, q, axis=1, method=method))
    J = ad.jacobian(lambda v: np.quantile(v, q, axis=1, method=method))(x)
    # Each result is a convex combination of (at most two) elements of its own row.
    np.testing.assert_allclose(J.sum(axis=(2, 3)), 1.0)
    assert np.all(J >= 0) and np.all((J > 0).sum(axis=(2, 3)) <= 2)
    for r in range(6):
        off = np.delete(J[:, r], r, axis=1)
        assert np.all(off == 0)


def test_quantile_broadcast_and_0d_inputs():
    ad.check_grads(lambda v: np.quantile(v, 0.3, axis=0, method="hazen"),
                   np.broadcast_to(rng.standard_normal(4), (5, 4)) +
                   rng.standard_normal((5, 1)))
    ad.check_grads(lambda v: np.median(v), np.array(2.5))
    ad.check_grads(lambda v: np.percentile(v, 40.0, method="nearest"), np.array(-1.0))


# ---- jacobian of several arguments and pytrees -------------------------------------------
def _numeric_jacobian(f, args, argnums, eps=1e-6):
    """Finite-difference blocks ``J[k][i]`` (output leaf k, argument i), flat arrays."""
    from autodiff import _pytree
    blocks = {}
    for i in argnums:
        x = args[i]
        cols = []
        for e in range(x.size):
            d = np.zeros(x.size)
            d[e] = eps
            ap, am = list(args), list(args)
            ap[i] = x + d.reshape(x.shape)
            am[i] = x - d.reshape(x.shape)
            outs = zip(_pytree.leaves(f(*ap)), _pytree.leaves(f(*am)))
            cols.append([(np.asarray(p) - np.asarray(m)) / (2 * eps) for p, m in outs])
        for k in range(len(cols[0])):
            blocks[k, i] = np.stack([c[k] for c in cols], axis=-1)
    return blocks


def _f_tree(x, y, scale=2.0):
    return {"a": np.sin(x) * np.sum(y), "b": (x[:2] @ y, scale * x[0] ** 3)}


@pytest.mark.parametrize("mode", ["reverse", "forward", "auto"])
def test_jacobian_several_arguments_pytree_output(mode):
    x, y = rng.standard_normal(3), rng.standard_normal((2, 2))
    J = ad.jacobian(_f_tree, argnum=(0, 1), mode=mode)(x, y, scale=1.5)
    f = lambda a, b: _f_tree(a, b, scale=1.5)  # noqa: E731
    num = _numeric_jacobian(f, [x, y], (0, 1))
    got = [J["a"], J["b"][0], J["b"][1]]
    shapes = [(3,), (2,), ()]
    for k, (blk, out_shape) in enumerate(zip(got, shapes)):
        assert isinstance(blk, tuple) and len(blk) == 2
        for i, arg in enumerate((x, y)):
            assert blk[i].shape == out_shape + arg.shape
            np.testing.assert_allclose(blk[i].reshape(out_shape + (-1,)), num[k, i],
                                       rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_jacobian_pytree_argument(mode):
    p = {"w": rng.standard_normal((2, 3)), "b": rng.standard_normal(2),
         "n": 3}
    f = lambda p, x: [p["w"] @ x + p["b"], np.sum(p["w"] ** 2) * p["n"]]  # noqa: E731
    x = rng.standard_normal(3)
    J = ad.jacobian(f, mode=mode)(p, x)
    assert isinstance(J, list) and set(J[0]) == {"w", "b", "n"}
    assert J[0]["n"] is None
    np.testing.assert_allclose(J[0]["b"], np.eye(2))
    want_w = np.einsum("ij,k->ijk", np.eye(2), x)
    np.testing.assert_allclose(J[0]["w"], want_w)
    np.testing.assert_allclose(J[1]["w"], 6 * p["w"])
    assert J[1]["b"].shape == (2,) and np.all(J[1]["b"] == 0)
    # int argnum keeps the array layout of old.
    assert ad.jacobian(lambda v: v ** 2, mode=mode)(x).shape == (3, 3)


def test_hessian_of_several_arguments_nests_like_jax():
    a, b = rng.standard_normal(3), rng.standard_normal(2)
    f = lambda a, b: np.sum(a ** 2) * np.sum(b ** 3)  # noqa: E731
    H = ad.hessian(f, argnum=(0, 1))(a, b)
    assert H[0][0].shape == (3, 3) and H[0][1].shape == (3, 2)
    assert H[1][0].shape == (2, 3) and H[1][1].shape == (2, 2)
    np.testing.assert_allclose(H[0][1], np.outer(2 * a, 3 * b ** 2))
    np.testing.assert_allclose(H[1][0], H[0][1].T)
    np.testing.assert_allclose(H[1][1], np.diag(6 * b) * np.sum(a ** 2))


# ---- on the device, without leaving it ---------------------------------------------------
DEVICE = {
    "cumprod-zeros": (lambda x: np.sum(np.cumprod(x, axis=1) ** 2),
                      lambda: rng.standard_normal((3, 5)) * np.array([1, 0, 1, 0, 1.0])),
    "prod-zeros": (lambda x: np.sum(np.prod(x, axis=0) ** 2),
                   lambda: rng.standard_normal((3, 5)) * np.array([1, 0, 1, 0, 1.0])),
    "pad-odd": (lambda x: np.sum(np.pad(x, 2, mode="reflect", reflect_type="odd") ** 2),
                lambda: rng.standard_normal((3, 4))),
    "pad-linear_ramp": (lambda x: np.sum(np.pad(x, (1, 2), mode="linear_ramp",
                                                end_values=1.0) ** 2),
                        lambda: rng.standard_normal((3, 4))),
    "pad-median": (lambda x: np.sum(np.pad(x, 1, mode="median") ** 2),
                   lambda: rng.standard_normal((3, 5))),
    "quantile-nearest": (lambda x: np.sum(np.quantile(x, [0.4, 0.9], axis=1,
                                                      method="nearest") ** 2),
                         lambda: rng.standard_normal((3, 6))),
    "nanmedian": (lambda x: np.sum(np.nanmedian(x, axis=0) ** 2),
                  lambda: rng.standard_normal((4, 3))),
    "eigh-upper": (lambda a: np.sum(np.linalg.eigh(a, UPLO="U")[0] ** 2), lambda: _spd(3)),
    "cholesky-upper": (lambda a: np.sum(np.linalg.cholesky(a, upper=True) ** 2),
                       lambda: _spd(3)),
    "qr-wide": (lambda a: np.sum(np.linalg.qr(a)[1] ** 2),
                lambda: rng.standard_normal((3, 5))),
    "svd-full-s": (lambda a: np.sum(np.linalg.svd(a)[1] ** 3),
                   lambda: rng.standard_normal((5, 3))),
}


@pytest.mark.parametrize("name", list(DEVICE))
def test_on_device_matches_numpy_without_leaving_it(name):
    gparray = pytest.importorskip("gparray")
    f, make = DEVICE[name]
    host = make()
    expected = ad.grad(f)(host)
    assert np.all(np.isfinite(expected))
    with gparray.host_conversion("raise"):
        got = ad.grad(f)(gparray.asarray(host))
    assert isinstance(got, gparray.ndarray)
    np.testing.assert_allclose(got.get(), expected, rtol=1e-9, atol=1e-11)


def test_hessian_with_zero_factors_on_device():
    gparray = pytest.importorskip("gparray")
    x = np.array([2.0, 0.0, 3.0, 0.0])
    expected = np.zeros((4, 4))
    expected[1, 3] = expected[3, 1] = 6.0
    with gparray.host_conversion("raise"):
        got = ad.hessian(np.prod)(gparray.asarray(x))
    np.testing.assert_allclose(got.get(), expected, rtol=1e-12)


@pytest.mark.parametrize("name", ["cumprod-zeros", "pad-odd", "pad-median",
                                  "quantile-nearest", "qr-wide"])
def test_forward_mode_on_device_matches_numpy(name):
    gparray = pytest.importorskip("gparray")
    f, make = DEVICE[name]
    host = make()
    t = rng.standard_normal(host.shape)
    expected = ad.jvp(f, (host,), (t,))[1]
    with gparray.host_conversion("raise"):
        got = ad.jvp(f, (gparray.asarray(host),), (gparray.asarray(t),))[1]
    np.testing.assert_allclose(float(got), float(expected), rtol=1e-9, atol=1e-11)


def test_pytree_jacobian_on_device():
    gparray = pytest.importorskip("gparray")
    x, y = rng.standard_normal(4), rng.standard_normal(3)
    f = lambda a, b: {"s": np.cumprod(a) * b[0], "t": b ** 2}  # noqa: E731
    want = ad.jacobian(f, argnum=(0, 1))(x, y)
    with gparray.host_conversion("raise"):
        got = ad.jacobian(f, argnum=(0, 1))(gparray.asarray(x), gparray.asarray(y))
    for k in ("s", "t"):
        for i in range(2):
            assert isinstance(got[k][i], gparray.ndarray)
            np.testing.assert_allclose(got[k][i].get(), want[k][i], rtol=1e-12)
