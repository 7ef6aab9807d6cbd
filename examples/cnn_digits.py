"""The CNN of PyTorch's introductions, in plain NumPy, on scikit-learn's 8x8 digits.

PyTorch's MNIST example is ``Conv2d(1, 32, 3) -> ReLU -> Conv2d(32, 64, 3) -> ReLU ->
max-pool 2 -> dropout(0.25) -> Linear -> ReLU -> dropout(0.5) -> Linear``. This is the same
stack on 8x8 images (no padding): 8x8 -> conv 6x6x32 -> conv 4x4x64 -> pool 2x2x64 = 256
features -> Linear(256, 128) -> Linear(128, 10). It is ordinary NumPy code: convolution
is ``np.lib.stride_tricks.sliding_window_view`` + ``np.tensordot``, max-pooling is
``reshape`` + ``max``, dropout draws its masks from a ``np.random.Generator``; autodiff
differentiates it and autodiff.optim.Adam trains it. Images are NHWC (channels last).

    python examples/cnn_digits.py                  # NumPy on the host
    python examples/cnn_digits.py --device gparray # gparray on the OpenCL device
"""

import argparse
import sys
import time

import numpy as np

import autodiff
from autodiff.optim import Adam

WINDOWS = np.lib.stride_tricks.sliding_window_view


def array_module(device):
    """``asarray`` that puts host arrays where the computation runs."""
    if device == "numpy":
        return np.asarray
    try:
        import gparray
    except ImportError as exc:
        sys.exit(f"--device gparray: cannot import gparray ({exc}); run with --device numpy")
    return gparray.asarray


def load_data(seed=0):
    """Digits (1797 images in scikit-learn, no download) as (n, 8, 8, 1), split 75/25."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    x = (digits.images / 16.0).astype(np.float32)[..., None]
    return train_test_split(x, digits.target, test_size=0.25, random_state=seed,
                            stratify=digits.target)


def init_params(rng, to_device):
    """PyTorch's default initialisation: uniform in +-1/sqrt(fan_in)."""
    def uniform(shape, fan_in):
        bound = 1.0 / np.sqrt(fan_in)
        return to_device(rng.uniform(-bound, bound, shape).astype(np.float32))
    return {"k1": uniform((3, 3, 1, 32), 9), "b1": uniform((32,), 9),
            "k2": uniform((3, 3, 32, 64), 288), "b2": uniform((64,), 288),
            "w3": uniform((256, 128), 256), "b3": uniform((128,), 256),
            "w4": uniform((128, 10), 128), "b4": uniform((10,), 128)}


def conv2d(x, kernel, bias):
    """Valid 3x3 convolution of NHWC ``x`` with an (3, 3, in, out) kernel."""
    windows = WINDOWS(x, (3, 3), axis=(1, 2))           # (n, h, w, in, 3, 3)
    kernel = np.transpose(kernel, (2, 0, 1, 3))          # (in, 3, 3, out)
    return np.tensordot(windows, kernel, axes=3) + bias


def max_pool2(x):
    n, h, w, c = x.shape
    return np.max(np.reshape(x, (n, h // 2, 2, w // 2, 2, c)), axis=(2, 4))


def dropout(x, rate, rng):
    if rng is None:
        return x
    keep = rng.random(x.shape) >= rate
    return x * np.asarray(keep / (1.0 - rate), dtype=np.float32)


def forward(params, x, rng=None):
    """Logits; ``rng`` (a Generator) turns dropout on, as in training."""
    h = np.maximum(conv2d(x, params["k1"], params["b1"]), 0.0)
    h = np.maximum(conv2d(h, params["k2"], params["b2"]), 0.0)
    h = dropout(max_pool2(h), 0.25, rng)
    h = np.reshape(h, (h.shape[0], -1))
    h = dropout(np.maximum(h @ params["w3"] + params["b3"], 0.0), 0.5, rng)
    return h @ params["w4"] + params["b4"]


def loss_fn(params, x, onehot, rng=None):
    logits = forward(params, x, rng)
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    return -np.mean(np.sum(onehot * log_probs, axis=1))


def accuracy(params, x, labels):
    predicted = np.argmax(forward(params, x), axis=1)
    return float(np.mean(predicted == labels))


def train(device="numpy", epochs=8, batch=32, lr=2e-3, seed=0, log=print):
    """Train; returns (test accuracy, seconds per epoch)."""
    to_device = array_module(device)
    x_train, x_test, y_train, y_test = load_data(seed)
    onehot = np.eye(10, dtype=np.float32)[y_train]
    rng = np.random.default_rng(seed)
    params = init_params(rng, to_device)
    opt = Adam(lr=lr)
    loss_and_grad = autodiff.value_and_grad(loss_fn)
    epoch_times = []
    for epoch in range(epochs):
        t0 = time.perf_counter()
        order = rng.permutation(len(x_train))
        total = 0.0
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            loss, grads = loss_and_grad(params, to_device(x_train[idx]),
                                        to_device(onehot[idx]), rng)
            params = opt.step(params, grads)
            total += float(loss) * len(idx)
        epoch_times.append(time.perf_counter() - t0)
        log(f"epoch {epoch + 1:2d}  train loss {total / len(order):.4f}  "
            f"{epoch_times[-1]:.2f} s")
    acc = accuracy(params, to_device(x_test), to_device(y_test))
    log(f"test accuracy: {acc:.4f} ({device})")
    return acc, float(np.median(epoch_times))


def _torch_epoch_seconds(epochs=3, batch=32, seed=0):
    """The same network with torch.nn (Conv2d, MaxPool2d, Dropout, Linear), same data."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    x_train, _, y_train, _ = load_data(seed)
    x = torch.tensor(np.transpose(x_train, (0, 3, 1, 2)).copy())
    y = torch.tensor(y_train)
    model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Dropout(0.25), nn.Flatten(),
                          nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.5), nn.Linear(128, 10))
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        order = torch.randperm(len(x))
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
            loss.backward()
            opt.step()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def _autograd_epoch_seconds(epochs=3, batch=32, seed=0):
    """HIPS autograd on the same NumPy code (its numpy wrapper, its own Adam-free loop:
    the update is the same Adam arithmetic written out)."""
    import autograd
    import autograd.numpy as anp

    x_train, _, y_train, _ = load_data(seed)
    onehot = np.eye(10, dtype=np.float32)[y_train]
    rng = np.random.default_rng(seed)
    params = init_params(rng, np.asarray)

    def windows(x):
        # autograd has no sliding_window_view: gather the 3x3 patches by slicing
        n, h, w, c = x.shape
        rows = [anp.stack([x[:, i:i + h - 2, j:j + w - 2, :] for j in range(3)], axis=-1)
                for i in range(3)]
        return anp.stack(rows, axis=-2)                  # (n, h-2, w-2, c, 3, 3)

    def conv(x, k, b):
        return anp.tensordot(windows(x), anp.transpose(k, (2, 0, 1, 3)), axes=3) + b

    def loss(p, x, t, r):
        h = anp.maximum(conv(x, p["k1"], p["b1"]), 0.0)
        h = anp.maximum(conv(h, p["k2"], p["b2"]), 0.0)
        n = h.shape[0]
        h = anp.max(anp.reshape(h, (n, 2, 2, 2, 2, 64)), axis=(2, 4))
        h = h * ((r.random(h.shape) >= 0.25) / 0.75)
        h = anp.reshape(h, (n, -1))
        h = anp.maximum(h @ p["w3"] + p["b3"], 0.0) * ((r.random((n, 128)) >= 0.5) / 0.5)
        logits = h @ p["w4"] + p["b4"]
        shifted = logits - anp.max(logits, axis=1, keepdims=True)
        logp = shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))
        return -anp.mean(anp.sum(t * logp, axis=1))

    vg = autograd.value_and_grad(loss)
    opt = Adam(lr=2e-3)
    times = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        order = rng.permutation(len(x_train))
        for start in range(0, len(order), batch):
            idx = order[start:start + batch]
            _, grads = vg(params, x_train[idx], onehot[idx], rng)
            params = opt.step(params, grads)
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def benchmark_rows(epochs=3):
    """(library, median seconds per epoch) for each library that is installed."""
    quiet = lambda *a: None
    rows = [("autodiff on NumPy", train("numpy", epochs, log=quiet)[1])]
    for name, run in (("autodiff on gparray", lambda: train("gparray", epochs, log=quiet)[1]),
                      ("HIPS autograd", lambda: _autograd_epoch_seconds(epochs)),
                      ("PyTorch CPU (torch.nn)", lambda: _torch_epoch_seconds(epochs))):
        try:
            rows.append((name, run()))
        except Exception as exc:               # reported in the table, not hidden
            rows.append((f"{name} (failed: {type(exc).__name__}: {str(exc)[:80]})",
                         float("nan")))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=["numpy", "gparray"], default="numpy")
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    return train(args.device, args.epochs, args.batch, args.lr, args.seed)[0]


if __name__ == "__main__":
    main()
