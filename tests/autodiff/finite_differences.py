"""Central finite differences, shared by the autodiff tests."""
import numpy as np


def grad_fd(f, x, eps=1e-6):
    """Gradient of scalar ``f`` at real ``x`` by central differences, elementwise."""
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        g[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return g


def grad_fd_complex(f, z, eps=1e-6):
    """df/dx - i df/dy of real-valued ``f`` at complex ``z`` (JAX's convention)."""
    g = np.zeros(z.shape, dtype=complex)
    for i in np.ndindex(z.shape):
        e = np.zeros(z.shape, dtype=complex)
        e[i] = eps
        dx = (f(z + e) - f(z - e)) / (2 * eps)
        dy = (f(z + 1j * e) - f(z - 1j * e)) / (2 * eps)
        g[i] = dx - 1j * dy
    return g
