"""Reverse- and forward-mode differentiation of plain NumPy-style code.

    import numpy as np
    import autodiff

    def loss(w, x, y):
        return np.mean((np.tanh(x @ w) - y) ** 2)

    autodiff.grad(loss)(w, x, y)

The function is ordinary NumPy code: the traced values autodiff passes in implement
``__array_ufunc__``, ``__array_function__``, ``__array_namespace__``, the operators,
indexing and the ndarray methods, so every NumPy call on them is recorded. Derivative
rules are written against the namespace of their inputs, so the same rules run for any
array library that mirrors NumPy's names (gparray on an OpenCL device).

Transformations: ``grad``, ``value_and_grad``, ``vjp``, ``jvp`` (forward mode),
``jacobian``, ``hessian``, ``elementwise_grad``, ``stop_gradient``; they nest to any
order and take pytrees (tuples, lists, dicts) of arrays and floats. ``check_grads``
compares derivatives with finite differences. Own rules: ``primitive``, ``vjp_rule``,
``jvp_rule``, ``composite``. Optimizers: ``autodiff.optim``. The rule table and the
tracing notes (supported in-place forms) are in ``docs/autodiff_rules.md``.
"""

# _box_methods gives Box its methods; _namespace binds NumPy's functions when imported:
# import both now, never mid-trace (while tracing, np.zeros and friends are wrapped by
# _numpy_targets). The rule modules fill the registry when imported.
from . import (_box_methods, _namespace, _rules_creation, _rules_einsum,  # noqa: F401
               _rules_factorizations, _rules_inplace, _rules_linalg, _rules_misc,
               _rules_reduce, _rules_shape, _rules_ufunc, optim)
from ._api import (elementwise_grad, grad, hessian, jacobian, primitive, stop_gradient,
                   value_and_grad)
from ._box import Box, TracerConversionError
from ._check import check_grads
from ._checkpoint import checkpoint
from ._forward import jvp
from ._helpers import ns, unbroadcast
from ._registry import NoRuleError, composite, jvp_rule, vjp_rule
from ._reverse import vjp
from ._vmap import BatchingFallbackWarning, vmap

__all__ = [
    "grad", "value_and_grad", "vjp", "jvp", "jacobian", "hessian", "elementwise_grad",
    "stop_gradient", "check_grads", "primitive", "vjp_rule", "jvp_rule", "composite",
    "ns", "unbroadcast", "Box", "NoRuleError", "TracerConversionError", "optim",
    "vmap", "BatchingFallbackWarning", "checkpoint",
]
