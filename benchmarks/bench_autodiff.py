"""Cost of a gradient: time of value_and_grad of an MLP loss (batch 256, 784-256-10) over the
time of its forward pass alone, for autodiff on NumPy, autodiff on gparray, HIPS autograd
and PyTorch CPU autograd, in the same run."""
import numpy as np

from benchmarks._timing import per_call

BATCH, SIZES = 256, (784, 256, 10)


def _loss(np_, params, x, onehot):
    h = np_.maximum(x @ params[0] + params[1], 0.0)
    logits = h @ params[2] + params[3]
    shifted = logits - np_.max(logits, axis=1, keepdims=True)
    logp = shifted - np_.log(np_.sum(np_.exp(shifted), axis=1, keepdims=True))
    return -np_.sum(logp * onehot) / x.shape[0]


def _data():
    rng = np.random.default_rng(0)
    params = [rng.standard_normal((SIZES[0], SIZES[1])) * 0.05, np.zeros(SIZES[1]),
              rng.standard_normal((SIZES[1], SIZES[2])) * 0.05, np.zeros(SIZES[2])]
    x = rng.random((BATCH, SIZES[0]))
    onehot = np.eye(SIZES[2])[rng.integers(0, SIZES[2], BATCH)]
    return params, x, onehot


def run():
    """Rows of (library, forward seconds, value_and_grad seconds)."""
    import autodiff

    params, x, onehot = _data()
    loss = lambda p, x, y: _loss(np, p, x, y)
    rows = []
    vg = autodiff.value_and_grad(loss)
    rows.append(("autodiff on NumPy", per_call(lambda: loss(params, x, onehot)),
                 per_call(lambda: vg(params, x, onehot))))
    try:
        import gparray

        dev = [gparray.asarray(p) for p in params]
        dx, dy = gparray.asarray(x), gparray.asarray(onehot)
        sync = gparray.default_device().synchronize
        rows.append(("autodiff on gparray", per_call(lambda: loss(dev, dx, dy), sync),
                     per_call(lambda: vg(dev, dx, dy), sync)))
    except Exception as exc:                       # reported, not hidden
        rows.append((f"autodiff on gparray (failed: {type(exc).__name__}: {exc})", float("nan"), float("nan")))
    try:
        import autograd
        import autograd.numpy as anp

        aloss = lambda p, x, y: _loss(anp, p, x, y)
        avg = autograd.value_and_grad(aloss)
        rows.append(("HIPS autograd", per_call(lambda: aloss(params, x, onehot)),
                     per_call(lambda: avg(params, x, onehot))))
    except ImportError:
        rows.append(("HIPS autograd (not installed)", float("nan"), float("nan")))
    try:
        import torch

        tp = [torch.tensor(p, requires_grad=True) for p in params]
        tx, ty = torch.tensor(x), torch.tensor(onehot)

        def tloss():
            return _torch_loss(torch, tp, tx, ty)

        def tgrad():
            for p in tp:
                p.grad = None
            value = tloss()
            value.backward()
            return value

        with torch.no_grad():
            fwd = per_call(tloss)
        rows.append(("PyTorch CPU autograd", fwd, per_call(tgrad)))
    except ImportError:
        rows.append(("PyTorch (not installed)", float("nan"), float("nan")))
    return rows


def _torch_loss(torch, p, x, onehot):
    h = torch.clamp(x @ p[0] + p[1], min=0.0)
    logits = h @ p[2] + p[3]
    logp = torch.log_softmax(logits, dim=1)
    return -(logp * onehot).sum() / x.shape[0]


# ---- rows run on their own: python -m benchmarks.bench_autodiff checkpoint|per-example|cnn
def checkpoint_memory(layers=50, batch=1024, width=256):
    """Peak memory of the gradient of a ``layers``-deep tanh MLP (float64, NumPy inputs),
    measured with tracemalloc (NumPy reports its allocations to it): the peak of Python
    and NumPy allocations during one ``grad`` call, above what existed before it. Rows:
    (variant, peak MiB, seconds of that call)."""
    import time
    import tracemalloc

    import autodiff

    rng = np.random.default_rng(0)
    Ws = [rng.standard_normal((width, width)) / np.sqrt(width) for _ in range(layers)]
    x = rng.standard_normal((batch, width))

    def layer(h, W):
        return np.tanh(h @ W)

    def block(h, *Ws):
        for W in Ws:
            h = np.tanh(h @ W)
        return h

    ck_layer, ck_block = autodiff.checkpoint(layer), autodiff.checkpoint(block)
    variants = {
        "no checkpoint": lambda Ws, x: np.sum(block(x, *Ws) ** 2),
        "checkpoint(layer), each of the 50 layers": lambda Ws, x: np.sum(
            _chain(ck_layer, x, Ws) ** 2),
        "checkpoint(block of 5 layers), 10 blocks": lambda Ws, x: np.sum(
            _chain_blocks(ck_block, x, Ws, 5) ** 2),
    }
    rows = []
    for name, loss in variants.items():
        g = autodiff.grad(loss)
        g(Ws, x)                                   # warm-up outside the measurement
        tracemalloc.start()
        t0 = time.perf_counter()
        g(Ws, x)
        seconds = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        rows.append((name, peak / 2**20, seconds))
    return rows


def _chain(f, h, Ws):
    for W in Ws:
        h = f(h, W)
    return h


def _chain_blocks(f, h, Ws, k):
    for i in range(0, len(Ws), k):
        h = f(h, *Ws[i:i + k])
    return h


def per_example_gradients(n=256):
    """Per-example gradients of the MLP loss above (784-256-10, float64): ``vmap(grad)``
    against a Python loop of ``grad`` over the examples. Rows: (arrays, method, seconds
    for all ``n`` examples)."""
    import autodiff

    params, x, onehot = _data()
    x, onehot = x[:n], onehot[:n]
    one = lambda p, xi, yi: _loss(np, p, xi[None], yi[None])
    per_ex = autodiff.vmap(autodiff.grad(one), in_axes=(None, 0, 0))
    loop = lambda p, X, Y: [autodiff.grad(one)(p, X[i], Y[i]) for i in range(len(X))]
    rows = [("NumPy", "vmap(grad)", per_call(lambda: per_ex(params, x, onehot))),
            ("NumPy", "loop of grad", per_call(lambda: loop(params, x, onehot)))]
    try:
        import gparray

        dev = [gparray.asarray(p) for p in params]
        dx, dy = gparray.asarray(x), gparray.asarray(onehot)
        sync = gparray.default_device().synchronize
        rows.append(("gparray", "vmap(grad)", per_call(lambda: per_ex(dev, dx, dy), sync)))
        rows.append(("gparray", "loop of grad", per_call(lambda: loop(dev, dx, dy), sync)))
    except Exception as exc:                       # reported, not hidden
        rows.append((f"gparray (failed: {type(exc).__name__}: {exc})", "", float("nan")))
    return rows


if __name__ == "__main__":
    import sys

    which = sys.argv[1] if len(sys.argv) > 1 else ""
    if which == "checkpoint":
        print("| variant | peak MiB (tracemalloc) | seconds |\n| --- | --- | --- |")
        for name, mib, s in checkpoint_memory():
            print(f"| {name} | {mib:.1f} | {s:.2f} |")
    elif which == "per-example":
        print("| arrays | method | seconds (256 examples) |\n| --- | --- | --- |")
        for arrays, method, s in per_example_gradients():
            print(f"| {arrays} | {method} | {s:.3f} |")
    elif which == "cnn":
        from examples import cnn_digits

        print("| library | seconds per epoch |\n| --- | --- |")
        for name, s in cnn_digits.benchmark_rows():
            print(f"| {name} | {s:.2f} |")
    else:
        sys.exit("usage: python -m benchmarks.bench_autodiff checkpoint|per-example|cnn")
