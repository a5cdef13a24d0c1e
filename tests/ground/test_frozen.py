"""`@frozen` behaves as `@dataclass(frozen=True)`: built, compared, hashed, shown, replaced and refused alike."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aftercare_cli import model
from aftercare_cli.frozen import frozen


def _pair(namespace: dict[str, Any]) -> tuple[type, type]:
    """The same class body made by `frozen` and by `dataclass(frozen=True)`."""
    ours: type = frozen(type("Value", (), dict(namespace)))
    theirs: type = dataclasses.dataclass(frozen=True)(type("Value", (), dict(namespace)))
    return ours, theirs


BODY = {
    "__annotations__": {"a": "int", "b": "str", "c": "tuple[int, ...]", "d": "list[int]", "e": "int"},
    "b": "",
    "c": (),
    "d": dataclasses.field(default_factory=list, compare=False),
    "e": dataclasses.field(default=0, repr=False),
}
OURS, THEIRS = _pair(BODY)
values = st.tuples(
    st.integers(-3, 3), st.sampled_from(["", "x"]), st.lists(st.integers(0, 2), max_size=2), st.integers(0, 1)
)


@given(values, values)
def test_compared_hashed_and_shown_as_a_frozen_dataclass(first: tuple[Any, ...], second: tuple[Any, ...]) -> None:
    def both(a: int, b: str, c: list[int], d: int) -> tuple[Any, Any]:  # d is not compared, e not shown
        return OURS(a, b, tuple(c), [d], e=a), THEIRS(a, b, tuple(c), [d], e=a)

    (ours_1, theirs_1), (ours_2, theirs_2) = both(*first), both(*second)
    assert (ours_1 == ours_2) == (theirs_1 == theirs_2)
    assert (ours_1 != ours_2) == (theirs_1 != theirs_2)
    assert repr(ours_1) == repr(theirs_1)
    if ours_1 == ours_2:
        assert hash(ours_1) == hash(ours_2)


def test_defaults_factories_replace_and_fields_work_as_dataclasses_do() -> None:
    made = OURS(1)
    assert (made.b, made.c, made.d, made.e) == ("", (), [], 0)
    assert OURS(1).d is not OURS(1).d  # a factory's value is each instance's own
    assert dataclasses.replace(made, b="x") == OURS(1, "x")
    assert [f.name for f in dataclasses.fields(OURS)] == [f.name for f in dataclasses.fields(THEIRS)]
    assert dataclasses.is_dataclass(made)
    assert OURS(1) != 1
    assert OURS(1) != THEIRS(1)
    with pytest.raises(TypeError):
        OURS()  # a field with no default must be given
    with pytest.raises(TypeError):
        OURS(1, "", (), [], 0, "extra")


def test_an_instance_cannot_change() -> None:
    made = OURS(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.a = 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        del made.a
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.new = 1


def test_a_class_of_one_field_and_of_none() -> None:
    one, one_theirs = _pair({"__annotations__": {"a": "int"}})
    assert one(1) == one(1)
    assert one(1) != one(2)
    assert hash(one(1)) == hash(one_theirs(1))  # a tuple of the one value, as dataclasses hash it
    none, _ = _pair({"__annotations__": {}})
    assert none() == none()
    assert hash(none()) == hash(())


def test_the_model_is_made_of_frozen_values() -> None:
    made = [cls for cls in vars(model).values() if isinstance(cls, type) and dataclasses.is_dataclass(cls)]
    assert len(made) > 15
    shared: object = OURS.__setattr__
    assert all(cls.__setattr__ is shared for cls in made)


def test_the_init_is_compiled_at_the_first_instance_and_kept() -> None:
    value, _ = _pair({"__annotations__": {"a": "int", "b": "str"}, "b": "x"})
    placeholder = vars(value)["__init__"]
    with pytest.raises(TypeError):
        value()  # the first call compiles, and a missing field is refused as ever
    compiled = vars(value)["__init__"]
    assert compiled is not placeholder
    assert value(1) == value(1, "x")
    assert value(a=2, b="y").b == "y"
    assert vars(value)["__init__"] is compiled  # compiled once
    assert compiled.__qualname__ == "Value.__init__"


def test_a_subclass_not_made_frozen_uses_its_parents_init() -> None:
    parent, _ = _pair({"__annotations__": {"a": "int"}})
    child = type("Child", (parent,), {})
    assert child(1).a == 1
    assert parent(1) == parent(1)
