"""A small MLP classifier for scikit-learn's bundled 8x8 digits, trained with Adam.

The model is plain NumPy code (``import numpy as np``); autodiff differentiates it and
autodiff.optim.Adam updates the parameters. With ``--device gparray`` the same code runs
on gparray arrays (an OpenCL device): the parameters and each batch live on the device,
and NumPy's calls dispatch to gparray through the array protocols.

    python examples/mlp_digits.py                  # NumPy on the host
    python examples/mlp_digits.py --device gparray # gparray on the OpenCL device
"""

import argparse
import sys

import numpy as np

import autodiff
from autodiff.optim import Adam


def array_module(device):
    """``asarray`` that puts host arrays where the computation runs."""
    if device == "numpy":
        return np.asarray
    try:
        import gparray
    except ImportError as exc:
        sys.exit(f"--device gparray: cannot import gparray ({exc}). Install the gparray "
                 "package (pip install -e . from the repository root), or run with "
                 "--device numpy.")
    return gparray.asarray


def load_data(seed):
    """Digits (1797 images, ships inside scikit-learn: no download), split 75/25."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    x = digits.data.astype(np.float64) / 16.0
    return train_test_split(x, digits.target, test_size=0.25, random_state=seed,
                            stratify=digits.target)


def init_params(rng, sizes, to_device):
    params = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params.append({"w": to_device(w), "b": to_device(np.zeros(n_out))})
    return params


def forward(params, x):
    for layer in params[:-1]:
        x = np.maximum(x @ layer["w"] + layer["b"], 0.0)
    return x @ params[-1]["w"] + params[-1]["b"]


def loss_fn(params, x, onehot, l2=1e-4):
    logits = forward(params, x)
    shifted = logits - np.max(logits, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    penalty = sum(np.sum(layer["w"] ** 2) for layer in params)
    return -np.mean(np.sum(onehot * log_probs, axis=1)) + l2 * penalty


def accuracy(params, x, labels):
    predicted = np.argmax(forward(params, x), axis=1)
    return float(np.mean(predicted == labels))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", choices=["numpy", "gparray"], default="numpy")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    to_device = array_module(args.device)
    x_train, x_test, y_train, y_test = load_data(args.seed)
    onehot = np.eye(10)[y_train]
    rng = np.random.default_rng(args.seed)
    params = init_params(rng, [64, 128, 64, 10], to_device)
    opt = Adam(lr=args.lr)
    loss_and_grad = autodiff.value_and_grad(loss_fn)

    for epoch in range(args.epochs):
        order = rng.permutation(len(x_train))
        total = 0.0
        for start in range(0, len(order), args.batch):
            idx = order[start:start + args.batch]
            loss, grads = loss_and_grad(params, to_device(x_train[idx]),
                                        to_device(onehot[idx]))
            params = opt.step(params, grads)
            total += float(loss) * len(idx)
        if epoch % 10 == 9 or epoch == args.epochs - 1:
            print(f"epoch {epoch + 1:3d}  train loss {total / len(order):.4f}  "
                  f"test accuracy {accuracy(params, to_device(x_test), to_device(y_test)):.4f}")

    acc = accuracy(params, to_device(x_test), to_device(y_test))
    print(f"final test accuracy: {acc:.4f} ({args.device})")
    return acc


if __name__ == "__main__":
    main()
