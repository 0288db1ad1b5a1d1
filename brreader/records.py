"""Frozen dataclasses made without compiling code when their module loads.

Python 3.11's :func:`dataclasses.dataclass` writes each method it adds as
source text and compiles it: six for a frozen class, about half a
millisecond a class, and a one-shot command defines some twenty-five such
classes before it does anything (``brreader.model`` alone was about 16 ms of
every command's start). :func:`record` makes the same class, a real dataclass
(``dataclasses.fields``, ``replace`` and ``asdict`` work on it, mypy checks it
as one), and adds those methods as ordinary functions that read the field
names from the class: ``__init__`` (defaults, ``field(default_factory=...)``,
``__post_init__``), ``__repr__``, ``__eq__`` and ``__hash__`` on the same
tuples as the generated ones (so hashes, and the order of sets, are the
same), assignment and deletion refused with
:class:`dataclasses.FrozenInstanceError`, and the state that ``pickle`` and
``copy`` use. ``tests/test_records.py`` holds each of these to what
``@dataclass(frozen=True, slots=True)`` does.

Creating an instance costs a little more than with the generated
``__init__`` (a loop over the fields instead of straight-line code): 1.4
against 0.9 microseconds for a ``QAPair``, about a quarter of a second over
the 20,000-article build's 300,000 pairs. ``inspect.signature`` of a record
shows ``(*args, **kwargs)``; nothing in brreader reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, FrozenInstanceError, dataclass, field, fields
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform

_Class = TypeVar("_Class", bound=type)


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: _Class) -> _Class:
    """``@dataclass(frozen=True, slots=True)``, without compiling its methods."""
    if not cls.__doc__:
        # dataclass would describe the class from its signature (and inspect it to do so).
        raise TypeError(f"{cls.__qualname__} needs a docstring")
    # Only the bookkeeping (fields, __match_args__, the slotted class): no method is written.
    made: Any = dataclass(init=False, repr=False, eq=False, slots=True)(cls)
    declared = fields(made)
    _check_order(made, declared)
    names = tuple(f.name for f in declared)
    compared = _values_of(tuple(f.name for f in declared if f.compare))
    hashed = _values_of(
        tuple(f.name for f in declared if (f.compare if f.hash is None else f.hash))
    )
    shown = tuple(f.name for f in declared if f.repr)

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(compared(self) == compared(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is made or name in names:
            raise FrozenInstanceError(f"cannot assign to field {name!r}")
        super(made, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is made or name in names:
            raise FrozenInstanceError(f"cannot delete field {name!r}")
        super(made, self).__delattr__(name)

    def __getstate__(self: Any) -> list[Any]:
        return [getattr(self, name) for name in names]

    def __setstate__(self: Any, state: list[Any]) -> None:
        for name, value in zip(names, state, strict=False):
            object.__setattr__(self, name, value)

    methods: dict[str, Callable[..., Any]] = {
        "__init__": _init(made, declared),
        "__repr__": __repr__,
        "__eq__": __eq__,
        "__hash__": __hash__,
        "__setattr__": __setattr__,
        "__delattr__": __delattr__,
        "__getstate__": __getstate__,
        "__setstate__": __setstate__,
    }
    for name, method in methods.items():
        if name in made.__dict__ and name not in ("__getstate__", "__setstate__"):
            raise TypeError(f"{made.__qualname__} defines {name}; a record makes its own")
        method.__qualname__ = f"{made.__qualname__}.{name}"
        setattr(made, name, method)
    return made


def _values_of(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The tuple of these fields' values, as the generated methods build it."""
    if not names:
        return lambda _self: ()
    if len(names) == 1:
        (name,) = names
        return lambda self: (getattr(self, name),)
    return attrgetter(*names)


def _check_order(cls: type, declared: tuple[Any, ...]) -> None:
    seen_default = None
    for f in declared:
        if f.default is not MISSING or f.default_factory is not MISSING:
            seen_default = f.name
        elif seen_default is not None:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")


def _init(cls: type, declared: tuple[Any, ...]) -> Callable[..., None]:
    """``__init__(self, field, ...)``: each field by position or name, or its default."""
    names = tuple(f.name for f in declared)
    known = frozenset(names)
    defaults = {f.name: f.default for f in declared if f.default is not MISSING}
    factories = {f.name: f.default_factory for f in declared if f.default_factory is not MISSING}
    post_init = hasattr(cls, "__post_init__")
    most = len(names)
    put = object.__setattr__
    where = f"{cls.__qualname__}.__init__()"

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if len(args) > most:
            raise TypeError(
                f"{where} takes {most + 1} positional arguments but {len(args) + 1} were given"
            )
        for name in kwargs:
            if name not in known:
                raise TypeError(f"{where} got an unexpected keyword argument {name!r}")
        for position, name in enumerate(names):
            if position < len(args):
                if name in kwargs:
                    raise TypeError(f"{where} got multiple values for argument {name!r}")
                put(self, name, args[position])
            elif name in kwargs:
                put(self, name, kwargs[name])
            elif name in defaults:
                put(self, name, defaults[name])
            elif name in factories:
                put(self, name, factories[name]())
            else:
                raise TypeError(f"{where} missing 1 required positional argument: {name!r}")
        if post_init:
            self.__post_init__()

    return __init__
