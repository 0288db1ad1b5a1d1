"""A record behaves as ``@dataclass(frozen=True, slots=True)`` does, made without compiling.

Each test builds one class body twice, once with each decorator, and holds
the record to what the dataclass does: construction, defaults and factories,
``__post_init__``, errors, ``repr``, equality and the very same hashes,
frozen fields, ``dataclasses.replace``/``fields``/``asdict``, pickling and
copying.
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brreader.records import record


def make(decorate: Callable[[type], type]) -> type:
    class Sample:
        """A record with every kind of field brreader's records use."""

        name: str
        count: int = 0
        tags: tuple[str, ...] = dataclasses.field(default=())
        seen: list[str] = dataclasses.field(default_factory=list)
        mirror: str = ""

        def __post_init__(self) -> None:
            if not self.mirror:
                object.__setattr__(self, "mirror", self.name[::-1])

        @property
        def loud(self) -> str:
            return self.name.upper()

    made = decorate(Sample)
    made.__module__ = __name__
    return made


PLAIN = make(dataclasses.dataclass(frozen=True, slots=True))
RECORD = make(record)
# pickle finds a class by module and qualified name: give each its own.
PLAIN.__qualname__ = "PLAIN"
RECORD.__qualname__ = "RECORD"

CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    (("a",), {}),
    (("a", 2), {}),
    (("a", 2, ("x",), ["y"], "m"), {}),
    ((), {"name": "b", "seen": ["z"]}),
    (("a",), {"mirror": "q", "count": 5}),
]


def _shown(value: Any, of: type) -> str:
    return repr(value).replace(of.__qualname__, "Sample")


@pytest.mark.parametrize(("args", "kwargs"), CALLS)
def test_construction_repr_equality_and_hash_are_the_dataclasses(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    plain, made = PLAIN(*args, **kwargs), RECORD(*args, **kwargs)
    assert _shown(made, RECORD) == _shown(plain, PLAIN)
    assert dataclasses.asdict(made) == dataclasses.asdict(plain)
    assert made.loud == plain.loud and made.mirror == plain.mirror
    assert made == RECORD(*args, **kwargs) and made != plain
    assert made != RECORD("other") and (made == 1) is False
    if isinstance(made.seen, list):  # a list field: unhashable, as a dataclass is
        with pytest.raises(TypeError):
            hash(made)
        with pytest.raises(TypeError):
            hash(plain)


@given(st.text(), st.integers(), st.lists(st.text(), max_size=3).map(tuple))
def test_hashes_are_the_dataclasses_so_sets_keep_their_order(
    name: str, count: int, tags: tuple[str, ...]
) -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Plain:
        """Hashable fields only."""

        name: str
        count: int = 0
        tags: tuple[str, ...] = ()

    @record
    class Made:
        """Hashable fields only."""

        name: str
        count: int = 0
        tags: tuple[str, ...] = ()

    assert hash(Made(name, count, tags)) == hash(Plain(name, count, tags))
    assert Made(name, count, tags) == Made(name, count, tags)
    assert Made(name, count, tags) != Made(name + "x", count, tags)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((), {}), (("a", 1, (), [], "m", "extra"), {}), (("a",), {"name": "b"}), ((), {"x": 1})],
)
def test_wrong_arguments_raise_type_error_as_the_dataclass_does(
    args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(TypeError):
        PLAIN(*args, **kwargs)
    with pytest.raises(TypeError):
        RECORD(*args, **kwargs)


def _raised(action: Callable[[], object]) -> type[BaseException] | None:
    try:
        action()
    except Exception as error:  # noqa: BLE001 - the type is what is compared
        return type(error)
    return None


@pytest.mark.parametrize(
    "change", [lambda obj: setattr(obj, "name", "b"), lambda obj: delattr(obj, "name")]
)
def test_fields_are_frozen_as_on_the_dataclass(change: Callable[[Any], object]) -> None:
    made, plain = RECORD("a"), PLAIN("a")
    expected = _raised(lambda: change(plain))
    assert expected is dataclasses.FrozenInstanceError
    assert _raised(lambda: change(made)) is expected
    assert made.name == "a"


def test_no_other_attribute_can_be_added() -> None:
    # (Python 3.11's slotted frozen dataclass raises TypeError here, from a
    # super() call on the class it replaced; a record says FrozenInstanceError.)
    made = RECORD("a")
    assert _raised(lambda: setattr(made, "other", 1)) is dataclasses.FrozenInstanceError
    assert _raised(lambda: PLAIN("a").__setattr__("other", 1)) is not None
    assert not hasattr(made, "other")


def test_replace_fields_pickle_and_copy_work_as_on_a_dataclass() -> None:
    made = RECORD("a", 3, ("t",), ["s"])
    changed = dataclasses.replace(made, count=4)
    assert (changed.name, changed.count, changed.mirror) == ("a", 4, "a")
    assert [f.name for f in dataclasses.fields(RECORD)] == [
        f.name for f in dataclasses.fields(PLAIN)
    ]
    assert RECORD.__match_args__ == PLAIN.__match_args__
    assert not hasattr(made, "__dict__")  # slotted
    assert pickle.loads(pickle.dumps(made)) == made
    assert copy.deepcopy(made) == made and copy.copy(made) == made


def test_a_field_without_default_after_one_with_is_refused() -> None:
    class Bad:
        """Out of order."""

        first: int = 0
        second: int

    with pytest.raises(TypeError):
        record(Bad)


def test_the_one_shot_path_compiles_almost_no_dataclass_methods() -> None:
    # Each compiled method cost a share of every command's start; only two classes
    # (engine/pairs.py's Unit, model.UpdateReport) are still plain dataclasses.
    code = (
        "import dataclasses\n"
        "made = []\n"
        "real = dataclasses._create_fn\n"
        "def counted(name, *args, **kwargs):\n"
        "    made.append(name)\n"
        "    return real(name, *args, **kwargs)\n"
        "dataclasses._create_fn = counted\n"
        "import brreader.cli, brreader.search\n"
        "print(len(made))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(done.stdout) <= 9
