"""Every derivative rule against central finite differences, in float64.

Each case is checked in forward and reverse mode, first order always and second order for
smooth functions, on contiguous, non-contiguous (transposed / step-sliced), broadcast and
0-d inputs where the function takes them.
"""

import numpy as np
import pytest

import autodiff as ad

RNG_SEED = 1234


class A:
    """Spec of one random float64 array argument."""

    def __init__(self, *shape, lo=None, hi=None, pos=False, spd=False, sym=False,
                 distinct=False, layout=True, zeros=()):
        self.shape, self.lo, self.hi, self.pos = shape, lo, hi, pos
        self.spd, self.sym, self.distinct, self.layout = spd, sym, distinct, layout
        self.zeros = zeros  # indices set to exactly 0 (derivatives at zeros)

    def make(self, rng, layout):
        shape = self.shape
        if self.spd:
            n = shape[-1]
            m = rng.standard_normal(shape)
            base = m @ np.swapaxes(m, -1, -2) + n * np.eye(n)
            return self._lay(base, layout)
        if self.lo is not None:
            base = rng.uniform(self.lo, self.hi, shape)
        elif self.pos:
            base = rng.uniform(0.5, 2.0, shape)
        elif self.distinct:
            base = rng.permutation(np.prod(shape, dtype=int)).reshape(shape) * 0.37 + \
                rng.uniform(-0.05, 0.05, shape)
        else:
            base = rng.standard_normal(shape)
        if self.sym:
            base = base + np.swapaxes(base, -1, -2)
        for i in self.zeros:
            base[i] = 0.0
        return self._lay(base, layout)

    def _lay(self, base, layout):
        if not self.layout or base.ndim == 0 or layout == "contig":
            return np.array(base)
        if layout == "transposed" and base.ndim >= 2:
            out = np.ascontiguousarray(np.swapaxes(base, -1, -2)).swapaxes(-1, -2)
        else:  # step-sliced: every other element of a wider buffer
            wide = np.zeros(base.shape[:-1] + (2 * base.shape[-1],))
            wide[..., ::2] = base
            out = wide[..., ::2]
        np.testing.assert_array_equal(out, base)
        return out


def case(name, f, *args, order=2, modes=("fwd", "rev"), layouts=True, tol=None):
    return pytest.param(f, args, order, modes, layouts, tol, id=name)


S = (3, 4)
SMOOTH_UNARY = [
    ("sin", np.sin, A(*S)), ("cos", np.cos, A(*S)), ("tan", np.tan, A(*S, lo=-1, hi=1)),
    ("arcsin", np.arcsin, A(*S, lo=-0.9, hi=0.9)),
    ("arccos", np.arccos, A(*S, lo=-0.9, hi=0.9)), ("arctan", np.arctan, A(*S)),
    ("sinh", np.sinh, A(*S)), ("cosh", np.cosh, A(*S)), ("tanh", np.tanh, A(*S)),
    ("arcsinh", np.arcsinh, A(*S)), ("arccosh", np.arccosh, A(*S, lo=1.2, hi=3)),
    ("arctanh", np.arctanh, A(*S, lo=-0.9, hi=0.9)),
    ("exp", np.exp, A(*S)), ("exp2", np.exp2, A(*S)), ("expm1", np.expm1, A(*S)),
    ("log", np.log, A(*S, pos=True)), ("log2", np.log2, A(*S, pos=True)),
    ("log10", np.log10, A(*S, pos=True)), ("log1p", np.log1p, A(*S, pos=True)),
    ("sqrt", np.sqrt, A(*S, pos=True)), ("cbrt", np.cbrt, A(*S, pos=True)),
    ("square", np.square, A(*S)), ("reciprocal", np.reciprocal, A(*S, pos=True)),
    ("negative", np.negative, A(*S)), ("positive", np.positive, A(*S)),
    ("conjugate", np.conjugate, A(*S)), ("real", np.real, A(*S)),
    ("deg2rad", np.deg2rad, A(*S)), ("rad2deg", np.rad2deg, A(*S)),
    ("radians", np.radians, A(*S)), ("degrees", np.degrees, A(*S)),
    ("sinc", np.sinc, A(*S)), ("acos", np.acos, A(*S, lo=-0.9, hi=0.9)),
    ("nan_to_num", np.nan_to_num, A(*S)),
]
NONSMOOTH_UNARY = [
    ("absolute", np.absolute, A(*S)), ("fabs", np.fabs, A(*S)), ("abs-op", abs, A(*S)),
]
SMOOTH_BINARY = [
    ("add", np.add), ("subtract", np.subtract), ("multiply", np.multiply),
    ("true_divide", np.true_divide), ("arctan2", np.arctan2), ("hypot", np.hypot),
    ("logaddexp", np.logaddexp), ("logaddexp2", np.logaddexp2),
]

CASES = []
for name, f, a in SMOOTH_UNARY:
    CASES.append(case(name, f, a))
    CASES.append(case(name + "-0d", f, A(lo=a.lo, hi=a.hi, pos=a.pos)))
for name, f, a in NONSMOOTH_UNARY:
    CASES.append(case(name, f, a, order=1))
for name, f in SMOOTH_BINARY:
    CASES.append(case(name, f, A(*S, pos=True), A(*S, pos=True)))
    CASES.append(case(name + "-bcast", f, A(3, 1, pos=True), A(4, pos=True)))
    CASES.append(case(name + "-scalar", f, A(*S, pos=True), A(pos=True)))
    CASES.append(case(name + "-pyscalar", lambda x, f=f: f(x, 1.7), A(*S, pos=True)))
    CASES.append(case(name + "-rpyscalar", lambda x, f=f: f(1.3, x), A(*S, pos=True)))

CASES += [
    case("power", np.power, A(*S, pos=True), A(*S)),
    case("power-bcast", np.power, A(3, 1, pos=True), A(4)),
    case("power-int-exp", lambda x: x ** 3, A(*S)),
    case("power-zero-exp", lambda x: np.sum(x ** 0 * x), A(*S)),
    case("power-rpow", lambda x: 2.0 ** x, A(*S)),
    case("float_power", np.float_power, A(*S, pos=True), A(*S)),
    case("pow-alias", np.pow, A(*S, pos=True), A(*S)),
    case("maximum", np.maximum, A(*S), A(*S), order=1),
    case("minimum-bcast", np.minimum, A(*S), A(4), order=1),
    case("fmax", np.fmax, A(*S), A(*S), order=1),
    case("fmin", np.fmin, A(*S), A(*S), order=1),
    case("fmod", np.fmod, A(*S, lo=2, hi=5), A(*S, lo=0.7, hi=1.3), order=1),
    case("remainder", np.remainder, A(*S, lo=2, hi=5), A(*S, lo=0.7, hi=1.3), order=1),
    case("mod-op", lambda x, y: x % y, A(*S, lo=2, hi=5), A(*S, lo=0.7, hi=1.3), order=1),
    case("ldexp", lambda x: np.ldexp(x, np.array([1, 2, 3, -1])), A(*S)),
    case("copysign", lambda x: np.copysign(x, np.array([1.0, -1.0, 2.0, -3.0])), A(*S),
         order=1),
    case("clip", lambda x: np.clip(x, -0.5, 0.5), A(*S), order=1),
    case("clip-kw", lambda x: np.clip(x, min=-0.5), A(*S), order=1),
    case("clip-bounds", lambda x, lo, hi: np.clip(x, lo, hi), A(*S), A(4, lo=-1, hi=-0.2),
         A(3, 1, lo=0.2, hi=1), order=1),
    case("clip-method", lambda x: x.clip(-0.5, 0.5), A(*S), order=1),
    case("where", lambda x, y: np.where(x > 0, x, y), A(*S), A(4)),
    case("where-scalar", lambda x: np.where(x > 0, x, 0.0), A(*S)),
    case("divmod", lambda x, y: divmod(x, y)[1], A(*S, lo=2, hi=5), A(*S, lo=0.7, hi=1.3),
         order=1),
    case("modf", lambda x: np.modf(x)[0], A(*S, lo=0.1, hi=0.9)),
    case("frexp", lambda x: np.frexp(x)[0], A(*S, lo=0.6, hi=0.9)),
    case("floor-zero-grad", lambda x: np.floor(x) * x, A(*S)),
    case("sign-zero-grad", lambda x: np.sign(x) * x ** 2, A(*S)),
]

R = (3, 4, 5)
for name, f in [("sum", np.sum), ("mean", np.mean), ("prod", np.prod), ("var", np.var),
                ("std", np.std), ("nansum", np.nansum), ("nanmean", np.nanmean)]:
    smooth = 2
    CASES += [
        case(name, f, A(*R, pos=True), order=smooth),
        case(name + "-axis", lambda x, f=f: f(x, axis=1), A(*R, pos=True), order=smooth),
        case(name + "-axes-keep", lambda x, f=f: f(x, axis=(0, 2), keepdims=True),
             A(*R, pos=True), order=smooth),
        case(name + "-neg-axis", lambda x, f=f: f(x, -1), A(*R, pos=True), order=smooth),
        *([case(name + "-0d", f, A(pos=True), order=smooth)] if name != "std" else []),
    ]
for name, f in [("max", np.max), ("min", np.min), ("amax", np.amax), ("amin", np.amin),
                ("nanmax", np.nanmax), ("nanmin", np.nanmin), ("ptp", np.ptp)]:
    CASES += [
        case(name, f, A(*R, distinct=True), order=1),
        case(name + "-axis", lambda x, f=f: f(x, axis=1), A(*R, distinct=True), order=1),
        case(name + "-keep", lambda x, f=f: f(x, axis=(0, 2), keepdims=True),
             A(*R, distinct=True), order=1),
    ]
CASES += [
    case("var-ddof", lambda x: np.var(x, axis=0, ddof=1), A(4, 3)),
    case("std-ddof", lambda x: np.std(x, ddof=1), A(4, 3)),
    case("var-method", lambda x: x.var(1), A(4, 3)),
    case("sum-where", lambda x: np.sum(x, axis=1, where=np.array([True, False, True])),
         A(4, 3)),
    case("mean-where", lambda x: np.mean(x, axis=1, where=np.array([True, False, True])),
         A(4, 3)),
    # Zero factors: prod's and cumprod's rules never divide by the input.
    case("prod-with-zero", lambda x: np.prod(x * np.array([1.0, 0.0, 1.0]), axis=1),
         A(4, 3)),
    case("prod-two-zeros", lambda x: np.prod(x * np.array([0.0, 0.0, 1.0])), A(4, 3)),
    case("prod-zero-input", lambda x: np.prod(x, axis=0), A(4, 3, zeros=((1, 0), (2, 0),
                                                                     (0, 2)))),
    case("prod-zero-input-3", lambda x: np.prod(x, axis=0), A(3, 2, zeros=((0, 0), (1, 0),
                                                                       (2, 0))), order=3),
    case("cumprod-zero", np.cumprod, A(3, 4, zeros=((0, 1),))),
    case("cumprod-zeros-axis", lambda x: np.cumprod(x, axis=1),
         A(3, 5, zeros=((0, 1), (0, 3), (1, 0), (2, 4)))),
    case("cumprod-zeros-axis0", lambda x: np.cumprod(x, axis=0),
         A(5, 2, zeros=((1, 0), (2, 0), (4, 1))), order=3),
    case("cumprod-long", lambda x: np.cumprod(x, axis=-1), A(2, 37, lo=0.6, hi=1.4,
                                                           zeros=((0, 5), (0, 30)))),
    case("cumprod-0d", np.cumprod, A()),
    case("nancumprod-zero", lambda x: np.nancumprod(x, axis=1), A(3, 4, zeros=((1, 1),))),
    case("cumulative_prod-zero", lambda x: np.cumulative_prod(x, axis=1,
                                                             include_initial=True),
         A(3, 4, zeros=((0, 0), (2, 3)))),
    case("cumsum", np.cumsum, A(3, 4)),
    case("cumsum-axis", lambda x: np.cumsum(x, axis=1), A(3, 4)),
    case("cumprod", np.cumprod, A(3, 4, pos=True)),
    case("cumprod-axis", lambda x: np.cumprod(x, axis=0), A(3, 4, pos=True)),
    case("cumulative_sum", lambda x: np.cumulative_sum(x, axis=1, include_initial=True),
         A(3, 4)),
    case("cumulative_prod", lambda x: np.cumulative_prod(x, axis=0), A(3, 4, pos=True)),
    case("average", lambda x: np.average(x, axis=1), A(3, 4)),
    case("average-weights", lambda x, w: np.average(x, axis=1, weights=w), A(3, 4),
         A(4, pos=True)),
    case("median", lambda x: np.median(x, axis=1), A(3, 5, distinct=True), order=1),
    case("median-even", np.median, A(3, 4, distinct=True), order=1),
    case("quantile", lambda x: np.quantile(x, [0.3, 0.8], axis=0), A(5, 3, distinct=True),
         order=1),
    case("percentile", lambda x: np.percentile(x, 40.0), A(5, 3, distinct=True), order=1),
    case("median-axes-keep", lambda x: np.median(x, axis=(0, 2), keepdims=True),
         A(3, 4, 5, distinct=True)),
    case("nanmedian", lambda x: np.nanmedian(x, axis=1), A(3, 5, distinct=True,
                                                          zeros=((0, 1), (2, 3)))),
    case("quantile-weights", lambda x: np.quantile(x, [0.3, 0.7], axis=-1,
                                                   method="inverted_cdf",
                                                   weights=np.array([1.0, 2.0, 0.5, 1.5])),
         A(3, 4, distinct=True)),
]
QUANTILE_METHODS = ["inverted_cdf", "averaged_inverted_cdf", "closest_observation",
                    "interpolated_inverted_cdf", "hazen", "weibull", "linear",
                    "median_unbiased", "normal_unbiased", "lower", "higher", "midpoint",
                    "nearest"]
for _m in QUANTILE_METHODS:
    # Piecewise linear: the second-order check confirms the derivative is locally constant.
    CASES += [
        case(f"quantile-{_m}", lambda x, m=_m: np.quantile(
            x, [0.0, 0.15, 0.5, 0.62, 1.0], axis=0, method=m), A(7, 3, distinct=True)),
        case(f"quantile-{_m}-all-keep", lambda x, m=_m: np.quantile(
            x, 0.37, method=m, keepdims=True), A(4, 5, distinct=True)),
        case(f"percentile-{_m}", lambda x, m=_m: np.percentile(
            x, [[10.0], [85.0]], axis=(0, 2), method=m), A(3, 4, 2, distinct=True)),
        case(f"nanquantile-{_m}", lambda x, m=_m: np.nanquantile(
            np.where(np.isin(np.arange(24).reshape(4, 6), [1, 7, 8, 20]), np.nan, x),
            [0.3, 0.9], axis=1, method=m), A(4, 6, distinct=True)),
        case(f"nanpercentile-{_m}", lambda x, m=_m: np.nanpercentile(
            np.where(np.arange(12).reshape(3, 4) % 5 == 0, np.nan, x), 45.0, method=m),
             A(3, 4, distinct=True)),
    ]
CASES += [
    case("add.reduce", lambda x: np.add.reduce(x), A(3, 4)),
    case("multiply.reduce", lambda x: np.multiply.reduce(x, axis=1), A(3, 4)),
    case("maximum.reduce", lambda x: np.maximum.reduce(x), A(3, 4, distinct=True), order=1),
    case("add.accumulate", lambda x: np.add.accumulate(x, axis=1), A(3, 4)),
    case("multiply.outer", lambda x, y: np.multiply.outer(x, y), A(3), A(2, 2)),
    case("logsumexp", lambda x: (lambda m: m + np.log(np.sum(np.exp(x - m))))(np.max(x)),
         A(3, 4)),
    case("logsumexp-ties", lambda x: (lambda m: m + np.log(np.sum(np.exp(x - m))))(
        np.max(x)), A(3, 4), order=1),
]

M = 4
CASES += [
    case("matmul", np.matmul, A(3, 4), A(4, 2)),
    case("matmul-op", lambda a, b: a @ b, A(3, 4), A(4, 2)),
    case("matmul-vec-mat", np.matmul, A(4), A(4, 2)),
    case("matmul-mat-vec", np.matmul, A(3, 4), A(4)),
    case("matmul-vec-vec", np.matmul, A(4), A(4)),
    case("matmul-batch-bcast", np.matmul, A(2, 3, 4), A(4, 2)),
    case("matmul-batch-bcast2", np.matmul, A(2, 1, 3, 4), A(5, 4, 2)),
    case("dot", np.dot, A(3, 4), A(4, 2)),
    case("dot-1d", np.dot, A(4), A(4)),
    case("dot-nd", np.dot, A(2, 3, 4), A(5, 4, 2)),
    case("dot-scalar", np.dot, A(), A(3, 2)),
    case("dot-method", lambda a, b: a.dot(b), A(3, 4), A(4)),
    case("vdot", np.vdot, A(3, 4), A(3, 4)),
    case("inner", np.inner, A(3, 4), A(2, 4)),
    case("outer", np.outer, A(3), A(2, 2)),
    case("kron", np.kron, A(2, 3), A(3, 2)),
    case("kron-1d-2d", np.kron, A(3), A(2, 2)),
    case("tensordot", lambda a, b: np.tensordot(a, b, axes=([1, 0], [0, 2])),
         A(3, 4, 2), A(4, 5, 3)),
    case("tensordot-int", lambda a, b: np.tensordot(a, b, 1), A(3, 4), A(4, 2)),
    case("tensordot-0", lambda a, b: np.tensordot(a, b, 0), A(3), A(2)),
    case("einsum-matmul", lambda a, b: np.einsum("ij,jk->ik", a, b), A(3, 4), A(4, 2)),
    case("einsum-implicit", lambda a, b: np.einsum("ij,jk", a, b), A(3, 4), A(4, 2)),
    case("einsum-trace", lambda a: np.einsum("ii", a), A(3, 3)),
    case("einsum-diag", lambda a: np.einsum("ii->i", a), A(3, 3)),
    case("einsum-three", lambda a, b, c: np.einsum("ij,jk,k->i", a, b, c),
         A(3, 4), A(4, 2), A(2)),
    case("einsum-ellipsis", lambda a, b: np.einsum("...ij,...jk->...ik", a, b),
         A(2, 3, 4), A(4, 2)),
    case("einsum-sum-only", lambda a, b: np.einsum("ij,k->k", a, b), A(3, 4), A(2)),
    case("einsum-repeat-mixed", lambda a, b: np.einsum("iij,j->i", a, b), A(3, 3, 2), A(2)),
    case("einsum-interleaved", lambda a, b: np.einsum(a, [0, 1], b, [1, 2], [0, 2]),
         A(3, 4), A(4, 2)),
    case("einsum-outer", lambda a, b: np.einsum("i,j->ij", a, b), A(3), A(2)),
    case("einsum-bcast1", lambda a, b: np.einsum("ij,ij->i", a, b), A(1, 4), A(3, 4)),
    case("trace", np.trace, A(3, 4)),
    case("trace-offset", lambda a: np.trace(a, offset=1, axis1=1, axis2=2), A(2, 3, 4)),
    case("vecdot", np.vecdot, A(3, 4), A(4)),
    case("matvec", np.matvec, A(3, 4), A(4)),
    case("vecmat", np.vecmat, A(4), A(4, 3)),
    case("cross", np.cross, A(4, 3), A(4, 3)),
    case("cross-2d", np.cross, A(4, 2), A(4, 2)),
    case("inv", np.linalg.inv, A(M, M, spd=True)),
    case("inv-batch", np.linalg.inv, A(2, M, M, spd=True)),
    case("solve", np.linalg.solve, A(M, M, spd=True), A(M, 2)),
    case("solve-vec", np.linalg.solve, A(M, M, spd=True), A(M)),
    case("solve-batch", np.linalg.solve, A(2, M, M, spd=True), A(2, M, 3)),
    case("det", np.linalg.det, A(M, M, spd=True)),
    case("det-batch", np.linalg.det, A(2, 3, 3)),
    case("slogdet", lambda a: np.linalg.slogdet(a)[1], A(M, M, spd=True)),
    case("slogdet-neg", lambda a: np.linalg.slogdet(a).logabsdet, A(3, 3)),
    case("cholesky", np.linalg.cholesky, A(M, M, spd=True)),
    case("cholesky-batch", np.linalg.cholesky, A(2, 3, 3, spd=True)),
    case("eigh-values", lambda a: np.linalg.eigh(a)[0], A(M, M, sym=True)),
    case("eigh-vectors", lambda a: np.abs(np.linalg.eigh(a).eigenvectors), A(M, M, sym=True)),
    case("eigh-both", lambda a: (lambda w, v: w[:, None] * v ** 2)(*np.linalg.eigh(a)),
         A(3, 3, sym=True)),
    case("eigvalsh", np.linalg.eigvalsh, A(M, M, sym=True)),
    # Only one triangle is read: the random directions also perturb the other one, whose
    # derivative must be zero. Non-symmetric inputs check that the rules follow the
    # triangle NumPy reads.
    case("eigh-upper", lambda a: (lambda w, v: w[:, None] * v ** 2)(
        *np.linalg.eigh(a, UPLO="U")), A(M, M, sym=True)),
    case("eigh-upper-batch", lambda a: np.abs(np.linalg.eigh(a, "U")[1]) + np.linalg.eigh(
        a, "U")[0][..., None], A(2, 3, 3, sym=True)),
    case("eigh-lower-nonsym", lambda a: (lambda w, v: w[:, None] * v ** 2)(
        *np.linalg.eigh(a)), A(M, M)),
    case("eigh-upper-nonsym", lambda a: (lambda w, v: w[:, None] * v ** 2)(
        *np.linalg.eigh(a, UPLO="U")), A(M, M)),
    case("eigvalsh-upper", lambda a: np.linalg.eigvalsh(a, UPLO="U"), A(M, M)),
    case("cholesky-upper", lambda a: np.linalg.cholesky(a, upper=True), A(M, M, spd=True)),
    case("cholesky-upper-batch", lambda a: np.linalg.cholesky(a, upper=True),
         A(2, 3, 3, spd=True)),
    case("cholesky-nonsym", np.linalg.cholesky,
         A(M, M, spd=True, zeros=((0, 3),))),
    case("cholesky-upper-nonsym", lambda a: np.linalg.cholesky(a, upper=True),
         A(M, M, spd=True, zeros=((3, 0), (2, 1)))),
    case("svd-s", lambda a: np.linalg.svd(a, compute_uv=False), A(4, 3)),
    case("svd-thin-tall", lambda a: (lambda u, s, vh: (u * s) ** 2 @ np.abs(vh))(
        *np.linalg.svd(a, full_matrices=False)), A(4, 3)),
    case("svd-thin-wide", lambda a: (lambda u, s, vh: np.abs(u) @ (s[:, None] * vh) ** 2)(
        *np.linalg.svd(a, full_matrices=False)), A(3, 4)),
    case("svd-square", lambda a: (lambda u, s, vh: u ** 2 * s + vh ** 2)(*np.linalg.svd(a)),
         A(3, 3)),
    case("svdvals", np.linalg.svdvals, A(3, 4)),
    # full_matrices=True on non-square inputs: defined while the loss ignores the
    # non-unique columns of U / rows of Vh.
    # hermitian=True goes through eigh, which reads the lower triangle only.
    case("svd-hermitian", lambda a: (lambda u, s, vh: (u ** 2 * s) @ vh ** 3)(
        *np.linalg.svd(a, hermitian=True)), A(M, M, sym=True)),
    case("svd-hermitian-nonsym", lambda a: np.linalg.svd(a, compute_uv=False,
                                                         hermitian=True), A(M, M)),
    case("svd-full-s-tall", lambda a: np.linalg.svd(a)[1], A(5, 3)),
    case("svd-full-s-wide", lambda a: np.linalg.svd(a).S ** 2, A(2, 3, 5)),
    case("svd-full-tall", lambda a: (lambda u, s, vh: (u[:, :3] * s) ** 2 @ np.abs(vh))(
        *np.linalg.svd(a)), A(5, 3)),
    case("svd-full-wide", lambda a: (lambda u, s, vh: np.abs(u) @ (s[:, None] * vh[:3]) ** 2)(
        *np.linalg.svd(a)), A(3, 5)),
    case("norm", np.linalg.norm, A(3, 4)),
    case("norm-vec-1", lambda a: np.linalg.norm(a, 1), A(4), order=1),
    case("norm-vec-3", lambda a: np.linalg.norm(a, 3), A(4, pos=True)),
    case("norm-vec-inf", lambda a: np.linalg.norm(a, np.inf), A(4), order=1),
    case("norm-axis", lambda a: np.linalg.norm(a, axis=1, keepdims=True), A(3, 4)),
    case("norm-fro", lambda a: np.linalg.norm(a, "fro"), A(3, 4)),
    case("norm-nuc", lambda a: np.linalg.norm(a, "nuc"), A(3, 4)),
    case("norm-2", lambda a: np.linalg.norm(a, 2), A(3, 4)),
    case("norm-mat-1", lambda a: np.linalg.norm(a, 1), A(3, 4, distinct=True), order=1),
    case("norm-mat-inf", lambda a: np.linalg.norm(a, -np.inf), A(3, 4, distinct=True),
         order=1),
    case("vector_norm", lambda a: np.linalg.vector_norm(a, axis=0), A(3, 4)),
    case("matrix_norm", np.linalg.matrix_norm, A(2, 3, 4)),
    case("cond", np.linalg.cond, A(3, 3, spd=True)),
    case("matrix_power", lambda a: np.linalg.matrix_power(a, 3), A(3, 3)),
    case("matrix_power-neg", lambda a: np.linalg.matrix_power(a, -2), A(3, 3, spd=True)),
    case("multi_dot", lambda a, b, c: np.linalg.multi_dot([a, b, c]), A(3, 4), A(4, 2),
         A(2, 3)),
    case("pinv", np.linalg.pinv, A(4, 3)),
    case("linalg.matmul", np.linalg.matmul, A(3, 4), A(4, 2)),
    case("linalg.outer", np.linalg.outer, A(3), A(4)),
    case("linalg.tensordot", np.linalg.tensordot, A(3, 4), A(3, 4)),
    case("linalg.trace", np.linalg.trace, A(2, 3, 3)),
    case("linalg.diagonal", np.linalg.diagonal, A(2, 3, 4)),
    case("linalg.vecdot", np.linalg.vecdot, A(3, 4), A(3, 4)),
    case("linalg.cross", np.linalg.cross, A(2, 3), A(2, 3)),
    case("linalg.matrix_transpose", np.linalg.matrix_transpose, A(2, 3, 4)),
]

CASES += [
    case("reshape", lambda x: np.reshape(x, (4, 3)), A(3, 4)),
    case("reshape-F", lambda x: np.reshape(x, (2, 6), order="F"), A(3, 4)),
    case("reshape-method", lambda x: x.reshape(2, -1), A(3, 4)),
    case("ravel", np.ravel, A(3, 4)),
    case("flatten", lambda x: x.flatten(), A(3, 4)),
    case("transpose", np.transpose, A(2, 3, 4)),
    case("transpose-axes", lambda x: np.transpose(x, (1, 2, 0)), A(2, 3, 4)),
    case("T", lambda x: x.T, A(3, 4)),
    case("mT", lambda x: x.mT, A(2, 3, 4)),
    case("permute_dims", lambda x: np.permute_dims(x, (2, 0, 1)), A(2, 3, 4)),
    case("matrix_transpose", np.matrix_transpose, A(2, 3, 4)),
    case("swapaxes", lambda x: np.swapaxes(x, 0, 2), A(2, 3, 4)),
    case("moveaxis", lambda x: np.moveaxis(x, 0, -1), A(2, 3, 4)),
    case("expand_dims", lambda x: np.expand_dims(x, (0, 2)), A(3, 4)),
    case("squeeze", np.squeeze, A(3, 1, 4)),
    case("broadcast_to", lambda x: np.broadcast_to(x, (2, 3, 4)), A(3, 1)),
    case("broadcast_arrays", lambda x, y: np.broadcast_arrays(x, y)[0] * 2, A(3, 1), A(4)),
    case("atleast_1d", np.atleast_1d, A()),
    case("atleast_2d", np.atleast_2d, A(3)),
    case("atleast_3d", np.atleast_3d, A(3, 4)),
    case("concatenate", lambda x, y: np.concatenate([x, y], axis=1), A(3, 4), A(3, 2)),
    case("concatenate-none", lambda x, y: np.concatenate((x, y), axis=None), A(3, 4), A(2)),
    case("concatenate-const", lambda x: np.concatenate([x, np.ones((1, 4))]), A(3, 4)),
    case("concat", lambda x, y: np.concat([x, y]), A(3, 4), A(2, 4)),
    case("stack", lambda x, y: np.stack([x, y], axis=1), A(3, 4), A(3, 4)),
    case("hstack", lambda x, y: np.hstack([x, y]), A(3, 4), A(3, 2)),
    case("vstack", lambda x, y: np.vstack([x, y]), A(4), A(2, 4)),
    case("dstack", lambda x, y: np.dstack([x, y]), A(3, 4), A(3, 4)),
    case("column_stack", lambda x, y: np.column_stack([x, y]), A(3), A(3, 2)),
    case("append", lambda x, y: np.append(x, y), A(3, 4), A(2)),
    case("append-axis", lambda x, y: np.append(x, y, axis=0), A(3, 4), A(1, 4)),
    case("split", lambda x: np.split(x, 2, axis=1)[1] * np.split(x, 2, axis=1)[0], A(3, 4)),
    case("split-indices", lambda x: np.split(x, [1, 3])[2], A(5, 2)),
    case("array_split", lambda x: np.array_split(x, 3)[0], A(5, 2)),
    case("hsplit", lambda x: np.hsplit(x, 2)[0], A(3, 4)),
    case("vsplit", lambda x: np.vsplit(x, 3)[1], A(3, 4)),
    case("dsplit", lambda x: np.dsplit(x, 2)[1], A(2, 3, 4)),
    case("unstack", lambda x: np.unstack(x, axis=1)[2], A(3, 4)),
    case("flip", np.flip, A(3, 4)),
    case("flip-axis", lambda x: np.flip(x, axis=1), A(3, 4)),
    case("fliplr", np.fliplr, A(3, 4)),
    case("flipud", np.flipud, A(3, 4)),
    case("rot90", lambda x: np.rot90(x, 3), A(3, 4)),
    case("roll", lambda x: np.roll(x, 2), A(3, 4)),
    case("roll-axes", lambda x: np.roll(x, (1, -1), axis=(0, 1)), A(3, 4)),
    case("pad", lambda x: np.pad(x, ((1, 2), (0, 1))), A(3, 4)),
    case("pad-const", lambda x: np.pad(x, 1, constant_values=3.0), A(3, 4)),
    case("pad-reflect", lambda x: np.pad(x, 2, mode="reflect"), A(3, 4)),
    case("pad-edge", lambda x: np.pad(x, (1, 3), mode="edge"), A(3, 4)),
    case("pad-wrap", lambda x: np.pad(x, 2, mode="wrap"), A(3, 4)),
    case("pad-symmetric", lambda x: np.pad(x, 1, mode="symmetric"), A(3, 4)),
    case("pad-reflect-wide", lambda x: np.pad(x, ((5, 1), (0, 9)), mode="reflect"), A(3, 4)),
    case("pad-wrap-wide", lambda x: np.pad(x, {1: (9, 2)}, mode="wrap"), A(3, 4)),
    case("pad-reflect-odd", lambda x: np.pad(x, ((2, 7), (3, 1)), mode="reflect",
                                             reflect_type="odd"), A(3, 4)),
    case("pad-symmetric-odd", lambda x: np.pad(x, 5, mode="symmetric", reflect_type="odd"),
         A(3, 4)),
    case("pad-odd-length1", lambda x: np.pad(x, 2, mode="reflect", reflect_type="odd"),
         A(1, 3)),
    case("pad-linear_ramp", lambda x: np.pad(x, ((1, 3), (2, 0)), mode="linear_ramp"),
         A(3, 4)),
    case("pad-linear_ramp-ends", lambda x: np.pad(x, 2, mode="linear_ramp",
                                                  end_values=((1.0, -2.0), (0.5, 3.0))),
         A(3, 4)),
    case("pad-mean", lambda x: np.pad(x, ((2, 1), (1, 3)), mode="mean"), A(3, 4)),
    case("pad-mean-stat", lambda x: np.pad(x, 2, mode="mean", stat_length=((1, 2), (3, 9))),
         A(3, 4)),
    case("pad-empty", lambda x: np.pad(x, 2, mode="empty")[2:-2, 2:-2], A(3, 4)),
    case("pad-maximum", lambda x: np.pad(x, ((1, 2), (2, 1)), mode="maximum"),
         A(3, 4, distinct=True), order=1),
    case("pad-minimum-stat", lambda x: np.pad(x, 2, mode="minimum", stat_length=2),
         A(3, 4, distinct=True), order=1),
    case("pad-median", lambda x: np.pad(x, ((1, 2), (2, 1)), mode="median"),
         A(3, 4, distinct=True), order=1),
    case("pad-median-stat", lambda x: np.pad(x, 2, mode="median", stat_length=(3, 2)),
         A(3, 5, distinct=True), order=1),
    case("pad-1d", lambda x: np.pad(x, (2, 3), mode="mean"), A(4)),
    case("tile", lambda x: np.tile(x, (2, 3)), A(3, 4)),
    case("repeat", lambda x: np.repeat(x, 2, axis=1), A(3, 4)),
    case("repeat-counts", lambda x: np.repeat(x, [1, 0, 2]), A(3)),
    case("repeat-method", lambda x: x.repeat(3), A(2, 2)),
    case("take", lambda x: np.take(x, [0, 2, 2, 1], axis=1), A(3, 4)),
    case("take-flat", lambda x: np.take(x, [[0, 5], [5, 11]]), A(3, 4)),
    case("take_along_axis", lambda x: np.take_along_axis(
        x, np.array([[0, 1], [3, 3], [2, 0]]), axis=1), A(3, 4)),
    case("diag-extract", np.diag, A(3, 4)),
    case("diag-build", lambda x: np.diag(x, k=1), A(3)),
    case("diagonal", lambda x: np.diagonal(x, offset=-1), A(3, 4)),
    case("diagonal-3d", lambda x: np.diagonal(x, 0, 0, 2), A(3, 2, 4)),
    case("tril", np.tril, A(3, 4)),
    case("triu", lambda x: np.triu(x, 1), A(3, 4)),
    case("delete", lambda x: np.delete(x, [0, 2], axis=1), A(3, 4)),
    case("compress", lambda x: np.compress([True, False, True], x, axis=0), A(3, 4)),
    case("extract", lambda x: np.extract(x > 0, x), A(3, 4)),
    case("sort", lambda x: np.sort(x, axis=1), A(3, 4, distinct=True), order=1),
    case("sort-none", lambda x: np.sort(x, axis=None), A(3, 4, distinct=True), order=1),
    case("sort-method", lambda x: (lambda y: (y.sort(0), y)[1])(x * 1.0),
         A(3, 4, distinct=True), order=1),
    case("select", lambda x, y: np.select([x > 0.5, x < -0.5], [x, y], default=1.0),
         A(3, 4), A(3, 4)),
    case("diff", lambda x: np.diff(x, n=2, axis=0), A(4, 3)),
    case("diff-prepend", lambda x: np.diff(x, prepend=0.0), A(4, 3)),
    case("trapezoid", lambda y: np.trapezoid(y, axis=0), A(4, 3)),
    case("trapezoid-x", lambda y, x: np.trapezoid(y, x), A(3, 4), A(4)),
    case("meshgrid", lambda x, y: (lambda a, b: a * b ** 2)(*np.meshgrid(x, y)), A(3), A(4)),
    case("copy", np.copy, A(3, 4)),
    case("copy-method", lambda x: x.copy(), A(3, 4)),
    case("astype", lambda x: np.astype(x, np.float64), A(3, 4)),
    case("astype-method", lambda x: x.astype("float64"), A(3, 4)),
    case("getitem-basic", lambda x: x[1:, ::2], A(3, 4)),
    case("getitem-int", lambda x: x[1, -1], A(3, 4)),
    case("getitem-newaxis", lambda x: x[None, ..., 1], A(3, 4)),
    case("getitem-adv", lambda x: x[[0, 2, 0], [1, 1, 1]], A(3, 4)),
    case("getitem-adv-dup", lambda x: x[np.array([0, 0, 2])], A(3, 4)),
    case("getitem-bool", lambda x: x[x > 0], A(3, 4)),
    case("getitem-bool-row", lambda x: x[np.array([True, False, True])], A(3, 4)),
    case("iter", lambda x: sum(row * i for i, row in enumerate(x)), A(3, 4)),
    case("setitem", lambda x: (lambda y: (y.__setitem__((0, 1), x[2, 2] ** 2), y)[1])(
        x.copy()), A(3, 4)),
    case("setitem-mask", lambda x: (lambda y: (y.__setitem__(y > 0, 0.0), y * x)[1])(
        x.copy()), A(3, 4)),
    case("setitem-bcast", lambda x, v: (lambda y: (y.__setitem__(slice(None, 2), v), y)[1])(
        x.copy()), A(3, 4), A(4)),
    case("add.at", lambda x, v: (lambda y: (np.add.at(y, [0, 0, 2], v), y)[1])(x * 1.0),
         A(3, 4), A(3, 4)),
]


def _inplace(fn):
    """Run an in-place NumPy writer on a traced copy and return the copy."""
    def f(x, *rest):
        y = x.copy()
        fn(y, *rest)
        return y
    return f


CASES += [
    case("correlate-valid", np.correlate, A(6), A(3)),
    case("correlate-same", lambda a, v: np.correlate(a, v, "same"), A(6), A(4)),
    case("correlate-full-swapped", lambda a, v: np.correlate(a, v, "full"), A(3), A(5)),
    case("correlate-same-swapped", lambda a, v: np.correlate(a, v, "same"), A(2), A(5)),
    case("correlate-valid-swapped", lambda a, v: np.correlate(a, v, "valid"), A(2), A(5)),
    case("convolve", np.convolve, A(5), A(3)),
    case("convolve-same", lambda a, v: np.convolve(a, v, "same"), A(3), A(6)),
    case("convolve-valid", lambda a, v: np.convolve(a, v, "valid"), A(6), A(4)),
    case("polyval", np.polyval, A(4), A(3, 2)),
    case("polyadd", np.polyadd, A(4), A(2)),
    case("polysub", np.polysub, A(2), A(3)),
    case("polymul", np.polymul, A(3), A(2)),
    case("polyder", lambda p: np.polyder(p, 2), A(5)),
    case("polyint", lambda p: np.polyint(p, 1, k=2.0), A(4)),
    case("vander", lambda x: np.vander(x, 4), A(3)),
    case("cov", np.cov, A(3, 5)),
    case("cov-y-cols", lambda x, y: np.cov(x, y, rowvar=False), A(5, 2), A(5, 1)),
    case("corrcoef", np.corrcoef, A(3, 5)),
    case("nanprod", lambda x: np.nanprod(x, axis=0), A(3, 4)),
    case("nancumsum", lambda x: np.nancumsum(x, axis=1), A(3, 4)),
    case("nancumprod", np.nancumprod, A(3, 4, pos=True)),
    case("nanvar", lambda x: np.nanvar(x, axis=1), A(3, 4)),
    case("nanstd", lambda x: np.nanstd(x, ddof=1), A(3, 4)),
    case("nan-inputs", lambda x: np.nansum(np.where(x > 1.5, np.nan, x)) + np.nanmean(
        np.where(x < -1.5, np.nan, x), axis=0).sum(), A(3, 4)),
    case("ediff1d", lambda x: np.ediff1d(x, to_begin=1.0), A(3, 4)),
    case("gradient", lambda x: np.gradient(x, 0.5, axis=1), A(3, 5)),
    case("gradient-all", lambda x: np.gradient(x)[0] * np.gradient(x)[1], A(3, 5)),
    case("interp", lambda x, fp: np.interp(x, np.array([-1.0, 0.0, 0.5, 2.0]), fp),
         A(5, lo=-0.95, hi=1.9), A(4), order=1),
    case("unwrap", lambda p: np.unwrap(p * 4.0), A(6)),
    case("block", lambda a, b, c: np.block([[a, b], [c]]), A(2, 2), A(2, 3), A(1, 5)),
    case("diagflat", lambda v: np.diagflat(v, 1), A(2, 2)),
    case("rollaxis", lambda a: np.rollaxis(a, 2), A(2, 3, 4)),
    case("resize", lambda a: np.resize(a, (3, 5)), A(2, 3)),
    case("trim_zeros", lambda a: np.trim_zeros(a * np.array([0.0, 1, 1, 0])), A(4)),
    case("partition", lambda a: np.partition(a, 2, axis=1), A(3, 5, distinct=True),
         order=1),
    case("apply_along_axis", lambda a: np.apply_along_axis(lambda r: np.sum(r ** 2), 1, a),
         A(3, 4)),
    case("apply_along_axis-vec", lambda a: np.apply_along_axis(np.cumsum, 0, a), A(3, 4)),
    case("apply_over_axes", lambda a: np.apply_over_axes(np.sum, a, [0, 2]), A(2, 3, 4)),
    case("unique", lambda a: np.unique(np.round(a * 2) / 2 + a * 0)[:3] * 1.0, A(8)),
    case("unique-values", lambda a: np.unique_values(a), A(6)),
    case("put", _inplace(lambda y, v: np.put(y, [0, 5], v)), A(3, 4), A(2)),
    case("put_along_axis", _inplace(lambda y, v: np.put_along_axis(
        y, np.array([[1], [0], [3]]), v, axis=1)), A(3, 4), A(3, 1)),
    case("putmask", _inplace(lambda y, v: np.putmask(y, y > 0, v)), A(3, 4), A(3)),
    case("place", _inplace(lambda y, v: np.place(y, y > 0, v)), A(3, 4), A(2)),
    case("fill_diagonal", _inplace(lambda y, v: np.fill_diagonal(y, v)), A(3, 4), A()),
    case("copyto", _inplace(lambda y, v: np.copyto(y, v)), A(3, 4), A(4)),
    case("tensorinv", lambda a: np.linalg.tensorinv(a, ind=1), A(4, 2, 2)),
    case("tensorsolve", np.linalg.tensorsolve, A(2, 3, 6), A(2, 3)),
    case("lstsq", lambda a, b: np.linalg.lstsq(a, b)[0], A(5, 3), A(5, 2)),
    case("lstsq-resid", lambda a, b: np.linalg.lstsq(a, b)[1], A(5, 3), A(5)),
    case("qr", lambda a: (lambda q, r: q * 2 + r[0].sum())(*np.linalg.qr(a)), A(5, 3)),
    case("qr-square", lambda a: np.linalg.qr(a).R, A(3, 3)),
    case("qr-batch", lambda a: np.linalg.qr(a).Q, A(2, 4, 3)),
    case("qr-wide", lambda a: (lambda q, r: q ** 3 @ r ** 2)(*np.linalg.qr(a)), A(3, 5)),
    case("qr-wide-batch", lambda a: (lambda q, r: q ** 3 @ r ** 2)(*np.linalg.qr(a)),
         A(2, 3, 4)),
    case("qr-r", lambda a: np.linalg.qr(a, mode="r") ** 2, A(5, 3)),
    case("qr-r-wide", lambda a: np.linalg.qr(a, mode="r") ** 2, A(3, 5)),
    case("qr-complete-square", lambda a: (lambda q, r: q ** 3 @ r ** 2)(
        *np.linalg.qr(a, mode="complete")), A(3, 3)),
    case("qr-complete-wide", lambda a: (lambda q, r: q ** 3 @ r ** 2)(
        *np.linalg.qr(a, mode="complete")), A(3, 4)),
    case("qr-complete-tall", lambda a: (lambda q, r: q[:, :3] ** 3 @ r[:3] ** 2 + r[3:].sum())(
        *np.linalg.qr(a, mode="complete")), A(5, 3)),
]

CASES += [
    case("choose", lambda a, b: np.choose(np.array([[0, 1, 1, 0]] * 3), [a, b]), A(3, 4),
         A(4)),
    case("insert", lambda x, v: np.insert(x, [1, 3], v, axis=1), A(3, 4), A(3, 1)),
    case("insert-flat", lambda x, v: np.insert(x, 2, v), A(2, 3), A(2)),
    case("piecewise", lambda x: np.piecewise(x, [x < 0, x >= 0],
                                             [lambda v: v ** 2, lambda v: np.sin(v)]),
         A(3, 4)),
    case("poly", np.poly, A(3)),
    case("polyfit", lambda x, y: np.polyfit(x, y, 2), A(6), A(6)),
    case("row_stack", lambda a, b: np.row_stack([a, b]), A(3), A(3)),
]


def _with_layouts(cases):
    """Each case on every layout its inputs have (0-d inputs have only the contiguous one)."""
    out = []
    for c in cases:
        f, specs, order, modes, layouts, tol = c.values
        for layout in ("contig", "transposed", "strided"):
            if layout == "contig" or any(len(s.shape) for s in specs):
                out.append(pytest.param(f, specs, order, modes, layouts, tol, layout,
                                        id=f"{layout}-{c.id}"))
    return out


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("f, specs, order, modes, layouts, tol, layout", _with_layouts(CASES))
def test_rule_matches_finite_differences(f, specs, order, modes, layouts, tol, layout):
    rng = np.random.default_rng(RNG_SEED)
    args = [s.make(rng, layout) for s in specs]
    kw = tol or {}
    ad.check_grads(f, *args, modes=modes, order=order, **kw)
