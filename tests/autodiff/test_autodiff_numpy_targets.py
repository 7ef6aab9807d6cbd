"""In-place updates of plain NumPy arrays made inside a differentiated function
(``y = np.zeros(3); y[0] = x[1]``): recorded functionally, checked against central finite
differences, in reverse and forward mode and to second order."""
import threading

import numpy as np
import pytest

import autodiff as ad
import gparray
from finite_differences import grad_fd

rng = np.random.default_rng(7)
NP_ZEROS = np.zeros


def scalar_store(x):
    y = np.zeros(3)
    y[0] = x[1]
    y[2] = x[0] * x[2]
    return y.sum() + np.sum(y ** 2)


def slice_store_and_iadd(x):
    y = np.ones(4)
    y[:3] = x * 2.0
    y += np.sin(x[0])
    y[1:] *= x[2]
    return np.dot(y, np.arange(4.0)) + y.mean()


def python_loop(x):
    out = np.empty(len(x))
    for i in range(len(x)):
        out[i] = np.sin(x[i]) * x[i - 1]
    return np.sum(out ** 2)


def two_d_rows_and_chained_index(x):
    a = np.zeros((2, 3))
    a[0] = x
    a[1][2] = x[0] ** 2          # a[1] is a view: the write reaches a
    a[1, :2] = x[1:] * 3.0
    w = np.arange(6.0).reshape(3, 2)
    return np.sum(np.tanh(a @ w))


def reshape_and_transpose_views(x):
    y = np.zeros(6)
    m = y.reshape(2, 3)
    m[1, 2] = x[0]               # writes y[5]
    t = m.T
    t[0, 0] = x[1] * x[2]        # writes m[0, 0], so y[0]
    z = np.zeros((2, 3))
    z.swapaxes(0, 1)[2, 1] = x[2]
    return np.sum(y * np.arange(1.0, 7.0)) + np.sum(z ** 2) + y[5] * m[0, 0]


def list_of_traced_values(x):
    v = np.array([x[0] * x[1], np.sin(x[2]), 2.0])
    w = np.asarray(x)             # the traced value itself
    c = np.array(x)               # a traced copy
    c[0] = 0.0
    return np.sum(v ** 2) + w.sum() + np.sum(c * w)


def ufunc_out_and_inplace_functions(x):
    y = np.zeros(3)
    np.multiply(x, x, out=y)
    z = np.zeros(3)
    np.put(z, [2], x[:1])
    np.copyto(z[:2], x[1:])
    d = np.zeros((3, 3))
    np.fill_diagonal(d, x[1])
    e = np.ones(3)
    np.exp(x, out=e, where=x > 0)
    return np.sum(y * z) + np.trace(d) + np.sum(e)


def operators_both_ways(x):
    y = np.zeros(3)
    y[1] = x[0]
    return np.sum(x * y + y * x - y / 2.0 + (2.0 - y) * x) + float(0) + (y @ x) + x @ y


def copies_keep_the_trace(x):
    import copy

    y = np.zeros(2)
    y[0] = x[0]
    z = copy.deepcopy(y)
    z[1] = x[1] ** 2
    w = copy.copy(z)
    return np.sum(y) + np.sum(w * z)


def asarray_views_write_through(x):
    y = np.zeros(3)
    z = np.asarray(y)            # the same memory: writes reach y
    z[0] = x[0] * 2
    w = np.array(y)              # a copy: writes stay there
    w[1] = x[1]
    v = np.asarray(y)            # y holds a traced value now: still the same array
    v[2] = x[2] ** 2
    return np.sum(y * y) + np.sum(w)


def methods_after_write(x):
    y = np.zeros((2, 2))
    y[0, 1] = x[0]
    y[1, 0] = x[1] * x[2]
    return (y.T.reshape(-1).cumsum().sum() + y.max() + y.ravel()[1] + y.mean(axis=0).sum()
            + y.std() + y.copy().sum() + np.sum(list(y)[1]))


FUNCTIONS = [scalar_store, slice_store_and_iadd, python_loop, two_d_rows_and_chained_index,
             reshape_and_transpose_views, list_of_traced_values,
             ufunc_out_and_inplace_functions, operators_both_ways, methods_after_write,
             copies_keep_the_trace, asarray_views_write_through]


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_gradient_matches_finite_differences(f):
    x = rng.uniform(0.3, 1.5, 3)
    np.testing.assert_allclose(ad.grad(f)(x), grad_fd(f, x), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("f", FUNCTIONS, ids=lambda f: f.__name__)
def test_forward_mode_and_second_order(f):
    x = rng.uniform(0.3, 1.5, 3)
    ad.check_grads(f, x)                  # reverse, forward and second order vs FD
    t = rng.standard_normal(3)
    _, tangent = ad.jvp(f, (x,), (t,))
    np.testing.assert_allclose(tangent, grad_fd(f, x) @ t, rtol=1e-6, atol=1e-8)


def test_values_are_numpys():
    x = rng.uniform(0.3, 1.5, 3)
    for f in FUNCTIONS:
        assert ad.value_and_grad(f)(x)[0] == pytest.approx(f(x), rel=1e-12)


def test_returned_target_array_is_the_traced_result():
    def f(x):
        y = np.zeros(3)
        y[1:] = x[:2] ** 2
        return y

    x = np.array([1.0, 2.0, 3.0])
    jac = ad.jacobian(f)(x)
    np.testing.assert_allclose(jac, [[0, 0, 0], [2, 0, 0], [0, 4, 0]])
    value, _ = ad.vjp(f, x)
    assert type(value) is np.ndarray
    np.testing.assert_allclose(value, [0.0, 1.0, 4.0])


def test_untouched_arrays_stay_numpy_arrays_and_patch_is_scoped():
    seen = {}

    def f(x):
        y = np.zeros(2)          # never receives a traced value
        seen["inside"] = np.zeros
        return np.sum(x) + y.sum()

    ad.grad(f)(np.ones(2))
    assert np.zeros is NP_ZEROS                     # restored after the trace
    assert seen["inside"] is not NP_ZEROS
    assert type(np.zeros(2)) is np.ndarray
    # a returned untraced array comes back as a plain ndarray
    value, _ = ad.vjp(lambda x: (np.sum(x), np.ones(2)), np.ones(2))
    assert type(value[1]) is np.ndarray


def test_installed_packages_get_plain_arrays_while_tracing():
    scope = {}
    exec(compile("import numpy as np\ndef make():\n    return np.zeros(2)\n",
                 "/opt/python/site-packages/some_library/module.py", "exec"), scope)
    kinds = []

    def f(x):
        kinds.append(type(scope["make"]()))
        kinds.append(type(np.zeros(2)))
        return np.sum(x)

    ad.grad(f)(np.ones(2))
    assert kinds[0] is np.ndarray and kinds[1] is not np.ndarray


def test_other_threads_get_plain_arrays_while_tracing():
    kinds = []

    def other():
        kinds.append(type(np.zeros(2)))

    def f(x):
        t = threading.Thread(target=other)
        t.start()
        t.join()
        y = np.zeros(2)
        y[0] = x[0]
        return y.sum()

    np.testing.assert_allclose(ad.grad(f)(np.ones(2)), [1.0, 0.0])
    assert kinds == [np.ndarray]


def test_caller_array_untouched_and_nested_grad():
    def f(x):
        y = np.zeros(2)
        y[0] = x[0] ** 3
        y[1] = x[0] * x[1]
        return np.sum(y)

    x = np.array([1.5, -2.0])
    before = x.copy()
    hess = ad.hessian(f)(x)
    np.testing.assert_allclose(hess, [[6 * 1.5, 1.0], [1.0, 0.0]])
    np.testing.assert_array_equal(x, before)
    g2 = ad.grad(lambda x: ad.grad(f)(x)[0])(x)
    np.testing.assert_allclose(g2, [9.0, 1.0])


def test_numbers_are_mirrored_for_printing_and_shapes():
    got = {}

    def f(x):
        y = np.zeros((2, 2))
        y[1, 1] = x[0] * 2
        got["repr"] = repr(y)
        got["shape"] = y.shape
        return y.sum()

    ad.grad(f)(np.array([4.0]))
    assert "8." in got["repr"] and got["shape"] == (2, 2)


def test_integer_target_drops_gradient_like_numpy():
    def f(x):
        y = np.zeros(2, dtype=np.int64)
        y[0] = x[0]                          # NumPy truncates: no derivative
        return np.sum(y * 1.0) + np.sum(x)

    np.testing.assert_allclose(ad.grad(f)(np.array([2.7, 1.0])), [1.0, 1.0])


def test_on_gparray_inputs_nothing_leaves_the_device():
    def f(x):
        y = np.zeros(3)
        y[0] = x[1]
        y[1:] = np.sin(x[:2])
        return np.sum(y * y)

    host = np.array([0.3, 1.1, -0.4])
    expected = ad.grad(f)(host)
    with gparray.host_conversion("raise"):
        got = ad.grad(f)(gparray.asarray(host))
    assert isinstance(got, gparray.ndarray)
    np.testing.assert_allclose(got.get(), expected, rtol=1e-12)
