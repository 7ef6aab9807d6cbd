"""Every differentiable NumPy function has a reverse rule, and the rule table is current."""

import pathlib

import numpy as np
import pytest

import autodiff as ad
from autodiff import _coverage, _registry, rules_table

DOC = pathlib.Path(__file__).resolve().parents[2] / "docs" / "autodiff_rules.md"


def test_every_differentiable_function_has_a_reverse_rule():
    assert rules_table.missing_reverse() == []


@pytest.mark.parametrize("name", [n for n in _coverage.DIFFERENTIABLE
                                  if _coverage.resolve(n) is not None])
def test_listed_function_is_differentiable(name):
    rule = _registry.lookup(_coverage.resolve(name))
    assert rule is not None, name
    assert rule.kind in (_registry.PRIMITIVE, _registry.COMPOSITE), name
    if rule.kind == _registry.PRIMITIVE:
        assert rule.vjp and rule.jvp, name


def test_every_numpy_function_is_classified():
    """A NumPy function that takes arrays is either differentiable (listed above), has a
    zero-gradient / creation entry, is listed as unsupported with a reason, or never sees
    arrays. A new NumPy function, or a forgotten one, fails here."""
    known = (set(_coverage.DIFFERENTIABLE) | set(_coverage.UNSUPPORTED)
             | set(_coverage.NOT_ARRAY))
    unclassified = []
    for name, obj in _coverage.numpy_functions().items():
        rule = _registry.lookup(obj)
        if name in known:
            continue
        if rule is not None and rule.kind in (_registry.NONDIFF, _registry.CONSTANT):
            continue
        unclassified.append(name)
    assert unclassified == []


def test_every_ufunc_has_an_entry():
    missing = [n for n in dir(np) if isinstance(getattr(np, n), np.ufunc)
               and _registry.lookup(getattr(np, n)) is None]
    assert missing == []


def test_unsupported_raise_naming_the_function():
    with pytest.raises(ad.NoRuleError, match="numpy.i0"):
        ad.grad(lambda x: np.sum(np.i0(x)))(np.ones(3))
    with pytest.raises(ad.NoRuleError, match="numpy.linalg.eig"):
        ad.grad(lambda x: np.sum(np.linalg.eig(x)[0].real))(np.eye(2))


def test_rule_table_is_up_to_date():
    assert DOC.read_text() == rules_table.markdown(), (
        "regenerate: python -m autodiff.rules_table > docs/autodiff_rules.md")


def test_traced_namespace_exposes_every_differentiable_function():
    from autodiff._namespace import TracedNamespace
    space = TracedNamespace(np)
    for name in _coverage.DIFFERENTIABLE:
        obj = _coverage.resolve(name)
        if obj is None:
            continue
        if "." in name:
            got = getattr(space.linalg, name.split(".")[1])
        else:
            got = getattr(space, name)
        # Creation functions are bound to the base namespace; the rest are NumPy's own.
        assert got is obj or name in ("full", "array", "asarray"), name
