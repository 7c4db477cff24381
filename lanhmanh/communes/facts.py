"""Facts the system already holds that bear on a criterion, shown next to it on the form.

A criterion of a scheme file names fact sources by code (`facts: [establishments_with_signs]`).
The app that owns the records registers a function for the code in its `facts.py` module
(imported at start-up by `CommunesConfig.ready`), which lists what it knows about a commune in a
year (e.g. establishments with current signs of prostitution, once the establishments area exists):

    from lanhmanh.communes.facts import Fact, fact_source

    @fact_source("establishments_with_signs", _("Cơ sở có biểu hiện hoạt động mại dâm"))
    def establishments_with_signs(commune: AdministrativeUnit, year: int) -> list[Fact]: ...

Facts are shown to the commune and to the reviewer; they never change a score by themselves.
A code no app has registered yet is shown as "not available yet", so a scheme can name a
source before the records behind it exist. Registered today: `establishments_with_signs` and
`establishment_commitments` (lanhmanh/establishments/facts.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from lanhmanh.places.models import AdministrativeUnit


@dataclass(frozen=True)
class Fact:
    text: str
    day: date | None = None
    url: str = ""


FactProvider = Callable[["AdministrativeUnit", int], list[Fact]]


@dataclass(frozen=True)
class FactSource:
    code: str
    label: str | Promise
    provider: FactProvider


@dataclass(frozen=True)
class FactGroup:
    """What one source says about a commune's year; `source` None: no app provides the code yet."""

    code: str
    source: FactSource | None
    facts: list[Fact]


class FactRegistry:
    def __init__(self) -> None:
        self._sources: dict[str, FactSource] = {}

    def register(self, source: FactSource) -> None:
        if source.code in self._sources:
            raise ValueError(f"Fact source {source.code!r} is already registered.")
        self._sources[source.code] = source

    def get(self, code: str) -> FactSource | None:
        return self._sources.get(code)

    def copy(self) -> FactRegistry:
        """A registry with the same sources, to extend in a test without touching this one."""
        clone = FactRegistry()
        clone._sources = dict(self._sources)
        return clone


# The registry of the running process; looked up on every call, so a test may swap it.
default_registry = FactRegistry()


def fact_source(code: str, label: str | Promise) -> Callable[[FactProvider], FactProvider]:
    """Register the decorated function as the provider of fact source `code`."""

    def decorate(function: FactProvider) -> FactProvider:
        default_registry.register(FactSource(code=code, label=label, provider=function))
        return function

    return decorate


def facts_for(codes: Iterable[str], commune: AdministrativeUnit, year: int) -> list[FactGroup]:
    groups = []
    for code in codes:
        source = default_registry.get(code)
        facts = source.provider(commune, year) if source is not None else []
        groups.append(FactGroup(code=code, source=source, facts=facts))
    return groups
