"""Fit y = m x + c by gradient descent on the mean squared error, then predict at x = 4.

Plain NumPy code; autodiff supplies the gradient, autodiff.optim the SGD update
(learning rate 0.011, momentum 0.89).

    python examples/linear_regression.py
"""

import numpy as np

import autodiff
from autodiff.optim import SGD

# Noisy samples of y = 2 x + 1.
rng = np.random.default_rng(0)
x = np.linspace(0.0, 5.0, 20)
y = 2.0 * x + 1.0 + 0.1 * rng.standard_normal(x.shape)


def predict(params, x):
    return params["m"] * x + params["c"]


def mse(params, x, y):
    return np.mean((predict(params, x) - y) ** 2)


params = {"m": 0.0, "c": 0.0}
opt = SGD(lr=0.011, momentum=0.89)
loss_and_grad = autodiff.value_and_grad(mse)
for epoch in range(500):
    loss, grads = loss_and_grad(params, x, y)
    params = opt.step(params, grads)
    if epoch % 100 == 0:
        print(f"epoch {epoch:3d}  loss {float(loss):.5f}")

print(f"m = {float(params['m']):.4f}, c = {float(params['c']):.4f}")
print(f"prediction at x = 4.0: {float(predict(params, 4.0)):.4f}")
