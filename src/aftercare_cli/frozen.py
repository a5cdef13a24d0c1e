"""`@frozen`: a frozen dataclass, made at a fraction of the import cost.

On Python 3.11 and 3.12, `@dataclass(frozen=True)` compiles each method it writes with an `exec` of its
own: `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__` and `__delattr__`, about 0.08 ms each.
The classes a plan imports took about 13 ms of every start of the desk's command (measured with
`python -X importtime`). `frozen` asks `dataclasses` for the fields only (so `dataclasses.fields` and
`dataclasses.replace` work as ever), compiles one `__init__` per class, on the class's first use, and
shares one frozen `__setattr__` and `__delattr__`, one `__repr__`, `__eq__` and `__hash__` that read the
class's fields: the same behaviour as `@dataclass(frozen=True)` (tests/ground/test_frozen.py compares the
two). The model's import took 13 ms with dataclasses, 5 ms with every `__init__` compiled at once, and
takes 3 ms now (`python -X importtime`); a JSON plan makes 23 of the 29 classes it imports.

What it does not do, since no value here needs it: `order`, `slots`, `kw_only`, `InitVar`, `__post_init__`.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T")


# For type checkers: `frozen` makes dataclasses, frozen (PEP 681), so they check its classes as they do those.
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: type[T]) -> type[T]:
    """The class as a frozen dataclass: an `__init__` of its fields, equal and hashed by them, immutable."""
    cls = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    compared = tuple(f.name for f in fields if f.compare)
    # A tuple even for one field, as dataclasses compare: `attrgetter` of one name returns the bare value.
    getter = attrgetter(*compared) if len(compared) > 1 else _one_tuple(compared)
    cls._compared = staticmethod(getter)  # type: ignore[attr-defined]
    cls._shown = tuple(f.name for f in fields if f.repr)  # type: ignore[attr-defined]
    cls.__init__ = _init_on_first_call(cls, fields)  # type: ignore[method-assign]
    for name, method in _SHARED.items():
        setattr(cls, name, method)
    return cls


def _one_tuple(names: tuple[str, ...]) -> Any:
    if not names:
        return lambda _self: ()
    getter = attrgetter(names[0])
    return lambda self: (getter(self),)


def _init_on_first_call(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Any:
    """An `__init__` that compiles the class's own on its first call and hands over to it from then on.

    Compiling costs about 0.08 ms a class, and a start of the desk's command imports many classes it never
    makes (a batch's, a server's, a handout's): those are never compiled.
    """

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        compiled = _init(cls, fields)
        cls.__init__ = compiled  # type: ignore[misc]  # the class's own from now on
        compiled(self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _init(cls: type, fields: tuple[dataclasses.Field[Any], ...]) -> Any:
    """`def __init__(self, a, b=_default_b, c=_FACTORY): _set(self, "a", a); ...`, compiled once for the class."""
    names: dict[str, Any] = {"_set": object.__setattr__, "_FACTORY": _FACTORY}
    parameters, body = ["self"], []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            names[f"_default_{f.name}"] = f.default
            parameters.append(f"{f.name}=_default_{f.name}")
            body.append(f"_set(self, {f.name!r}, {f.name})")
        elif f.default_factory is not dataclasses.MISSING:
            names[f"_factory_{f.name}"] = f.default_factory
            parameters.append(f"{f.name}=_FACTORY")
            body.append(f"_set(self, {f.name!r}, _factory_{f.name}() if {f.name} is _FACTORY else {f.name})")
        else:
            parameters.append(f.name)
            body.append(f"_set(self, {f.name!r}, {f.name})")
    source = f"def __init__({', '.join(parameters)}):\n    " + ("\n    ".join(body) or "pass") + "\n"
    exec(source, names)
    init = names["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


class _Factory:
    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _Factory()


def _setattr(self: Any, name: str, _value: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self: Any, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
    return f"{type(self).__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return self._compared(self) == self._compared(other)  # the same class: the same fields


def _hash(self: Any) -> int:
    return hash(self._compared(self))


_SHARED = {"__setattr__": _setattr, "__delattr__": _delattr, "__repr__": _repr, "__eq__": _eq, "__hash__": _hash}
