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
