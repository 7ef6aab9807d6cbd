"""gparray/kernels/complex.cl against NumPy, function by function, for complex64 and complex128.

One OpenCL program per dtype holds a kernel per function; each kernel applies the function
elementwise to a grid of inputs: parts of many magnitudes, both signs of zero (the branch
cuts lie on the axes), values next to the branch points, the overflow thresholds of exp,
+-inf and nan, plus seeded random values and points on the circles |z| = 1, |1 + z| = 1.

An element passes when it matches NumPy's result for the same dtype, or the same function
evaluated in the next wider precision (complex128, or long double where NumPy has it) and
rounded back; the wider one is the more accurate reference, and it also settles overflows
that NumPy's complex64 code takes spuriously.  Products also match NumPy's scalar loop, as
its SIMD loops fuse multiply-adds on CPUs with FMA.  log1p is held to an exact reference,
NumPy's being inaccurate for small |z|.  Matching means: nan where the reference has nan,
the same infinity, a zero of the same sign, and finite values within a relative tolerance,
per part ("part"), or relative to |reference| ("norm") where a part may cancel to far
below |result| (products, quotients, powers, NumPy's expm1 formula).

The complex64 program is built without GP_HAS_FP64, as on a device without doubles.
"""
import decimal
from fractions import Fraction
import pathlib
import re
import sys
import warnings

import numpy as np
import pyopencl as cl
import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))
import gparray.kernels  # noqa: E402

HEADER_PATH = pathlib.Path(gparray.kernels.__file__).parent / "complex.cl"
HEADER = HEADER_PATH.read_text()

CTYPES = {np.complex64: ("float2", "float", "cf"), np.complex128: ("double2", "double", "cd")}

# name: (signature, NumPy reference, tolerance in eps of the dtype, mode)
# Signatures: c complex, r real, i int (bool); inputs -> output.
# Tolerances were set from the largest errors seen on PoCL plus headroom for devices whose
# libm is allowed more ulps by the OpenCL spec; 0 means bitwise.
FUNCS = {
    "add": ("cc>c", np.add, 0, "part"),
    "sub": ("cc>c", np.subtract, 0, "part"),
    "mul": ("cc>c", np.multiply, 2, "norm"),
    "div": ("cc>c", np.divide, 4, "norm"),
    "neg": ("c>c", np.negative, 0, "part"),
    "pos": ("c>c", np.positive, 0, "part"),
    "conj": ("c>c", np.conjugate, 0, "part"),
    "square": ("c>c", np.square, 2, "norm"),
    "reciprocal": ("c>c", np.reciprocal, 4, "norm"),
    "abs": ("c>r", np.abs, 4, "part"),
    "arg": ("c>r", np.angle, 4, "part"),
    "exp": ("c>c", np.exp, 8, "part"),
    "exp2": ("c>c", np.exp2, 8, "part"),
    "expm1": ("c>c", np.expm1, 8, "norm"),
    "log": ("c>c", np.log, 8, "part"),
    "log2": ("c>c", np.log2, 8, "part"),
    "log10": ("c>c", np.log10, 8, "part"),
    "log1p": ("c>c", None, 8, "part"),  # reference: _log1p_exact
    "sqrt": ("c>c", np.sqrt, 4, "part"),
    "power": ("cc>c", np.power, 8, "norm"),  # scaled by the condition number, see _tolerance
    "sin": ("c>c", np.sin, 8, "part"),
    "cos": ("c>c", np.cos, 8, "part"),
    "tan": ("c>c", np.tan, 8, "part"),
    "sinh": ("c>c", np.sinh, 8, "part"),
    "cosh": ("c>c", np.cosh, 8, "part"),
    "tanh": ("c>c", np.tanh, 8, "part"),
    "asin": ("c>c", np.arcsin, 8, "part"),
    "acos": ("c>c", np.arccos, 8, "part"),
    "atan": ("c>c", np.arctan, 8, "part"),
    "asinh": ("c>c", np.arcsinh, 8, "part"),
    "acosh": ("c>c", np.arccosh, 8, "part"),
    "atanh": ("c>c", np.arctanh, 8, "part"),
    "sign": ("c>c", np.sign, 4, "part"),
    "rint": ("c>c", np.rint, 0, "part"),
    "isnan": ("c>i", np.isnan, 0, "part"),
    "isinf": ("c>i", np.isinf, 0, "part"),
    "isfinite": ("c>i", np.isfinite, 0, "part"),
    "iszero": ("c>i", lambda z: z == 0, 0, "part"),
    "lt": ("cc>i", np.less, 0, "part"),
    "le": ("cc>i", np.less_equal, 0, "part"),
    "gt": ("cc>i", np.greater, 0, "part"),
    "ge": ("cc>i", np.greater_equal, 0, "part"),
    "eq": ("cc>i", np.equal, 0, "part"),
    "ne": ("cc>i", np.not_equal, 0, "part"),
    "maximum": ("cc>c", np.maximum, 0, "part"),
    "minimum": ("cc>c", np.minimum, 0, "part"),
    "fmax": ("cc>c", np.fmax, 0, "part"),
    "fmin": ("cc>c", np.fmin, 0, "part"),
    "from_real": ("r>c", lambda r: r.astype(np.result_type(r, np.complex64)), 0, "part"),
}

DTYPES = [np.complex64, np.complex128]


# ---------------------------------------------------------------------------------------
# Inputs


def _real(dtype):
    return np.float32 if dtype == np.complex64 else np.float64


def _cplx(re, im, dtype):
    """Complex array from parts, keeping signed zeros, infinities and nans as given."""
    re, im = np.broadcast_arrays(np.asarray(re, _real(dtype)), np.asarray(im, _real(dtype)))
    z = np.empty(re.shape, dtype)
    z.real, z.imag = re, im
    return z


def _parts(dtype, denormals):
    """Real and imaginary parts for the unary grid."""
    f = np.finfo(_real(dtype))
    mags = [1e-30, 1e-20, 1e-10, 1e-5, 1e-3, 0.1, 0.5, 0.7, 0.9, 1.0, 1.1, 1.5, 2.0, 3.0,
            np.pi / 2, np.pi, 10.0, 30.0, 100.0, 1e5, 1e10, 1e20, 1e30,
            float(f.smallest_normal), float(f.max), 1 / float(f.eps), float(f.eps)]
    if dtype == np.complex64:
        mags += [88.0, 89.0, 150.0, 200.0]  # around exp's overflow thresholds
    else:
        mags += [1e-300, 1e-200, 1e-100, 1e100, 1e200, 1e300, 700.0, 710.0, 1000.0, 1500.0]
    if denormals:
        mags += [float(f.smallest_subnormal), float(f.smallest_normal) / 3]
    mags = np.array(mags, _real(dtype))
    return np.concatenate([[0.0, -0.0], mags, -mags, [np.inf, -np.inf, np.nan]]).astype(
        _real(dtype))


def _unary_inputs(dtype, denormals):
    rt = _real(dtype)
    eps = float(np.finfo(rt).eps)
    rng = np.random.default_rng(20240601)
    v = _parts(dtype, denormals)
    grid = _cplx(v[:, None], v[None, :], dtype).ravel()
    n = 3000
    lo, hi = (-30, 30) if dtype == np.complex64 else (-250, 250)
    wide = _cplx(rng.choice([-1, 1], n) * 10.0 ** rng.uniform(lo, hi, n),
                 rng.choice([-1, 1], n) * 10.0 ** rng.uniform(lo, hi, n), dtype)
    near = _cplx(rng.choice([-1, 1], n) * 10.0 ** rng.uniform(-4, 2, n),
                 rng.choice([-1, 1], n) * 10.0 ** rng.uniform(-4, 2, n), dtype)
    t = rng.uniform(0, 2 * np.pi, 500)
    circle = _cplx(np.cos(t), np.sin(t), dtype)                # |z| = 1: log's hard case
    circle1 = _cplx(np.cos(t) - 1, np.sin(t), dtype)           # |1 + z| = 1: log1p's
    # next to the branch points +-1 and +-i, on and off the cuts, both signs of zero
    k = np.arange(-4, 5)
    edge = np.concatenate([1 + k * eps, -1 + k * eps, 1 + 1e-3 * k, 1 + 1e-6 * k])
    offs = np.array([0.0, -0.0, eps, -eps, 1e-20, -1e-20, 1e-3, -1e-3])
    branch = _cplx(edge[:, None], offs[None, :], dtype).ravel()
    branch = np.concatenate([branch, _cplx(branch.imag, branch.real, dtype)])
    return np.concatenate([grid, wide, near, circle, circle1, branch])


def _binary_inputs(dtype):
    v = np.array([0.0, -0.0, 1e-20, 0.5, 1.0, 2.0, 3.0, 1e10, np.inf], _real(dtype))
    v = np.concatenate([v, -v, [np.nan]])
    z = _cplx(v[:, None], v[None, :], dtype).ravel()
    a, b = (x.ravel() for x in np.meshgrid(z, z, indexing="ij"))
    rng = np.random.default_rng(7)
    n = 4000
    ra = _cplx(*rng.normal(0, 3, (2, n)), dtype)
    rb = _cplx(*rng.normal(0, 3, (2, n)), dtype)
    # integer and fractional exponents for power, on ordinary and special bases
    exps = np.array([-100, -99, -2, -1, 4, 5, 7, 10, 50, 99, 100, 0.5, -0.5, 2.5, 1 / 3,
                     1j, 0.5 + 0.5j, -1 + 2j, 2 - 1j, -0.0, 0.0 - 0.0j]).astype(dtype)
    base = np.concatenate([z, ra[:100] / 2])
    pa, pb = (x.ravel() for x in np.meshgrid(base, exps, indexing="ij"))
    return np.concatenate([a, ra, pa]), np.concatenate([b, rb, pb])


# ---------------------------------------------------------------------------------------
# The device side


def _kernel(name, sig, ct, rt, p):
    ins, out = sig.split(">")
    t = {"c": ct, "r": rt, "i": "int"}
    params = ", ".join(f"__global const {t[k]} *a{j}" for j, k in enumerate(ins))
    args = ", ".join(f"a{j}[i]" for j in range(len(ins)))
    return (f"__kernel void k_{name}({params}, __global {t[out]} *o)\n"
            f"{{ size_t i = get_global_id(0); o[i] = {p}_{name}({args}); }}\n")


class Device:
    def __init__(self, ctx, dtype):
        self.ctx, self.dtype = ctx, dtype
        self.queue = cl.CommandQueue(ctx)
        ct, rt, p = CTYPES[dtype]
        options = ["-cl-std=CL1.2"] + (["-DGP_HAS_FP64"] if dtype == np.complex128 else [])
        source = HEADER + "".join(_kernel(n, f[0], ct, rt, p) for n, f in FUNCS.items())
        program = cl.Program(ctx, source).build(options=options)
        self.kernels = {name: cl.Kernel(program, f"k_{name}") for name in FUNCS}

    def __call__(self, name, *inputs):
        sig = FUNCS[name][0]
        out_dtype = {"c": self.dtype, "r": _real(self.dtype), "i": np.int32}[sig[-1]]
        mf = cl.mem_flags
        bufs = [cl.Buffer(self.ctx, mf.READ_ONLY | mf.COPY_HOST_PTR,
                          hostbuf=np.ascontiguousarray(x)) for x in inputs]
        out = np.empty(inputs[0].shape, out_dtype)
        obuf = cl.Buffer(self.ctx, mf.WRITE_ONLY, max(out.nbytes, 1))
        self.kernels[name](self.queue, out.shape, None, *bufs, obuf)
        cl.enqueue_copy(self.queue, out, obuf)
        return out


@pytest.fixture(scope="module")
def context():
    return cl.create_some_context(interactive=False)


@pytest.fixture(scope="module")
def device(context):
    cache = {}

    def get(dtype):
        if dtype == np.complex128 and "cl_khr_fp64" not in context.devices[0].extensions:
            pytest.skip("the device has no cl_khr_fp64")
        if dtype not in cache:
            cache[dtype] = Device(context, dtype)
        return cache[dtype]
    return get


def _denormals(context, dtype):
    if dtype == np.complex128:
        return True  # required with cl_khr_fp64
    return bool(context.devices[0].single_fp_config & cl.device_fp_config.DENORM)


# ---------------------------------------------------------------------------------------
# References and comparison


def _wider(dtype):
    if dtype == np.complex64:
        return np.complex128
    if np.finfo(np.longdouble).nmant > np.finfo(np.float64).nmant:
        return np.clongdouble
    return None


def _log1p_exact(z, dtype):
    """log(1 + z) to well beyond the dtype's precision.  NumPy's own complex log1p is
    log(hypot(1 + x, y)), which loses every digit for small |z|; its special values (those of
    that formula) are kept from NumPy."""
    with np.errstate(all="ignore"):
        ref = np.log1p(z.astype(np.complex128))
    ld = np.longdouble if _wider(np.complex128) else np.float64
    ctx = decimal.Context(prec=60)
    ok = np.isfinite(z) & ~((z.real == -1) & (z.imag == 0))
    re = ref.real.copy()
    for i in np.flatnonzero(ok):
        x, y = Fraction(float(z.real[i])), Fraction(float(z.imag[i]))
        u = 2 * x + x * x + y * y                       # |1 + z|**2 - 1, exactly
        if abs(u) < Fraction(1, 10**20):
            d = ctx.divide(decimal.Decimal(u.numerator), decimal.Decimal(u.denominator))
            l1p = ctx.subtract(d, ctx.divide(ctx.multiply(d, d), 2))
        else:
            l1p = ctx.ln(ctx.divide(decimal.Decimal(u.numerator + u.denominator),
                                    decimal.Decimal(u.denominator)))
        re[i] = float(l1p) / 2
    im = np.arctan2(z.imag.astype(ld), 1 + z.real.astype(ld)).astype(np.float64)
    return _cplx(re, np.where(ok, im, ref.imag), np.complex128).astype(dtype)


def _textbook_product(a, b):
    """NumPy's scalar complex multiply loop; its SIMD loops (on CPUs with FMA) fuse it."""
    return _cplx(a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real, a.dtype)


def _references(name, dtype, inputs):
    """The results an element may match: NumPy's for the dtype; the same function in the
    next wider precision, rounded back; for products also NumPy's scalar-loop formula."""
    ref_fn = FUNCS[name][1]
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if name == "log1p":
            return [_log1p_exact(inputs[0], dtype)]
        refs = [ref_fn(*inputs)]
        wide = _wider(dtype)
        if FUNCS[name][0][-1] != "i" and FUNCS[name][2] != 0 and wide is not None:
            refs.append(ref_fn(*(x.astype(wide) for x in inputs)).astype(refs[0].dtype))
        if name in ("mul", "square"):
            refs.append(_textbook_product(inputs[0], inputs[-1]))
        return refs


def _tolerance(name, dtype, inputs):
    """Relative tolerance per element, and where only the classes of the parts (nan, inf,
    zero, finite) are comparable."""
    eps = float(np.finfo(_real(dtype)).eps)
    rtol = np.full(inputs[0].shape, FUNCS[name][2] * eps)
    loose = np.zeros(inputs[0].shape, bool)
    if name == "power":
        # a**b = exp(b log a): the rounding of b log a is amplified by |b log a|, and NumPy's
        # integer path multiplies |b| times; NumPy carries the same error.  Where the angle
        # of the result, Im(b log a), is within that error of an axis, the sign of the part
        # that is nearly 0 is noise (and with it, when |a**b| overflows, the sign of an
        # infinity), so there only the classes of the parts are compared.
        with np.errstate(all="ignore"):
            a, b = (x.astype(np.complex128) for x in inputs)
            w = b * np.log(a)
            k = np.abs(b) * (1 + np.abs(np.log(a)))
            k = np.where(np.isfinite(k), k, 0)
            rtol *= 1 + k
            axis = np.minimum(np.abs(np.sin(w.imag)), np.abs(np.cos(w.imag)))
            loose = (k * eps > 0.1) | (axis <= rtol)
    return rtol, loose


def _matches(got, ref, rtol, atol, mode, loose):
    """Elementwise: got equals ref in its special values and is close to it elsewhere."""
    ok = np.ones(got.shape, bool)
    if got.dtype.kind == "c":
        parts = [(got.real, ref.real), (got.imag, ref.imag)]
    else:
        parts = [(got, ref)]
    with np.errstate(all="ignore"):
        mag = np.abs(ref).astype(np.float64)
        for g, r in parts:
            special = np.isnan(r) | np.isinf(r) | (r == 0)
            same = (np.isnan(g) & np.isnan(r)) | ((g == r) & (np.signbit(g) == np.signbit(r)))
            err = np.abs(g.astype(np.float64) - r)
            close = err <= rtol * np.abs(r) + atol
            if mode == "norm":
                # relative to |ref|: a part that cancels may come out tiny, or any finite
                # value next to an infinite part
                close |= (err <= rtol * mag + atol) | np.isinf(mag)
                special &= ~((r == 0) & (mag > 0))
            close &= np.isfinite(g)
            kind_g = np.select([np.isnan(g), np.isinf(g), g == 0], [0, 1, 2], 3)
            kind_r = np.select([np.isnan(r), np.isinf(r), r == 0], [0, 1, 2], 3)
            ok &= np.where(loose, kind_g == kind_r, np.where(special, same, close))
    return ok


def _describe(inputs, got, refs, bad):
    rows = []
    for i in np.flatnonzero(bad)[:12]:
        args = ", ".join(repr(x[i]) for x in inputs)
        rows.append(f"  f({args}) = {got[i]!r}; references " + ", ".join(repr(r[i]) for r in refs))
    return f"{bad.sum()} of {bad.size} elements differ:\n" + "\n".join(rows)


def _inputs(name, dtype, context):
    sig = FUNCS[name][0]
    if sig.startswith("cc"):
        return _binary_inputs(dtype)
    z = _unary_inputs(dtype, _denormals(context, dtype))
    if sig.startswith("r"):
        return (np.concatenate([z.real, z.imag]),)
    return (z,)


@pytest.mark.parametrize("dtype", DTYPES, ids=["complex64", "complex128"])
@pytest.mark.parametrize("name", list(FUNCS))
def test_function_matches_numpy(name, dtype, context, device):
    dev = device(dtype)
    inputs = _inputs(name, dtype, context)
    got = dev(name, *inputs)
    refs = _references(name, dtype, inputs)
    if FUNCS[name][0][-1] == "i":
        bad = got.astype(bool) != refs[0]
        assert not bad.any(), _describe(inputs, got, refs, bad)
        return
    rtol, loose = _tolerance(name, dtype, inputs)
    # subnormal results carry fewer digits; a device that flushes them gives 0
    tiny = float(np.finfo(_real(dtype)).smallest_normal)
    atol = rtol * tiny if _denormals(context, dtype) else tiny
    ok = np.zeros(got.shape, bool)
    for ref in refs:
        ok |= _matches(got, ref, rtol, atol, FUNCS[name][3], loose)
    assert ok.all(), _describe(inputs, got, refs, ~ok)


def test_exact_products_stay_exact(device):
    """FP_CONTRACT is off inside the header: z * conj(z) has an exactly zero imaginary part
    even where the compiler would otherwise fuse a multiply-add."""
    dev = device(np.complex64)
    z = _cplx(*np.random.default_rng(3).normal(0, 1, (2, 256)), np.complex64)
    got = dev("mul", z, np.conjugate(z))
    assert np.all(got.imag == 0)


def test_header_compiles_twice_and_with_fp64(context):
    """The header may be pasted more than once into a program (include guard)."""
    options = ["-cl-std=CL1.2"]
    if "cl_khr_fp64" in context.devices[0].extensions:
        options.append("-DGP_HAS_FP64")
    src = HEADER + HEADER + "__kernel void k(__global float2 *a) { a[0] = cf_atan(a[0]); }\n"
    cl.Program(context, src).build(options=options)


def test_float_code_has_no_double_constants():
    """complex64 code must compute in float: every floating literal in the generic bodies
    is cast to RT or is a float (f-suffixed) constant, so no double sneaks in."""
    bodies = re.findall(r"#define GP_C_\w+\(CT, RT, P\) *\\\n((?:[^\n]*\\\n)*[^\n]*)", HEADER)
    assert bodies
    literal = re.compile(r"(?<![\w.])(\d+\.\d*|\.\d+|\d+[eE][-+]?\d+)([eE][-+]?\d+)?(?![\w.])")
    code = "\n".join(re.sub(r"/\*.*?\*/", "", b, flags=re.S) for b in bodies)
    bare = [m.group(0) for m in literal.finditer(code)
            if not code[:m.start()].endswith("(RT)")]
    assert not bare, f"uncast floating literals in the generic code: {bare}"
    for m in re.finditer(r"#define GP_cf_\w+ +(\S+)", HEADER):
        value = m.group(1)
        assert not re.fullmatch(r"-?(\d*\.\d*([eE][-+]?\d+)?|\d+[eE][-+]?\d+)", value), \
            f"float constant without f suffix: {m.group(0)}"
