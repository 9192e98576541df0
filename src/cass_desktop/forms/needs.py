"""Needs a form proposes (domain, level, urgency) for the worker to confirm or not.

A form names domains by the key it means (`self_harm`, `alcohol`); the app's vocabulary
(vocab.NEED_DOMAINS) may not have that key yet, so a form declares, for each domain of its
own, the existing key to store it under (`vocab`), or none. A proposal carries both: `domain`
(what the form meant) and `store_as` (the key the needs table takes today, or None when no
key fits and the worker must choose). When the vocabulary gains the form's key, `store_as`
becomes that key with no change to the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cass_desktop.forms.model import FormDefinition
from cass_desktop.records.vocab import NEED_DOMAINS, NEED_LEVELS, URGENCY

_LEVEL_ORDER = {None: 0, **{key: n + 1 for n, key in enumerate(NEED_LEVELS)}}
_URGENCY_ORDER = {None: 0, **{key: n + 1 for n, key in enumerate(URGENCY)}}


@dataclass(frozen=True, slots=True)
class ProposedNeed:
    domain: str  # the form's key
    label: str
    store_as: str | None  # a vocab.NEED_DOMAINS key, or None: the worker chooses
    level: str | None  # low | medium | high, or None: the worker chooses
    urgency: str | None  # routine | soon | urgent, or None
    reasons: tuple[str, ...] = ()
    details: tuple[tuple[str, Any], ...] = ()  # (name, answer), e.g. ("wants_help_now", True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "label": self.label,
            "store_as": self.store_as,
            "level": self.level,
            "urgency": self.urgency,
            "reasons": list(self.reasons),
            "details": dict(self.details),
        }


def store_key(definition: FormDefinition, domain: str) -> str | None:
    """The vocab key a proposed need in `domain` is stored under today, if any fits."""
    if domain in NEED_DOMAINS:
        return domain
    declared = definition.domains.get(domain)
    return declared.vocab if declared else None


def domain_label(definition: FormDefinition, domain: str) -> str:
    if domain in NEED_DOMAINS:
        return NEED_DOMAINS[domain]
    declared = definition.domains.get(domain)
    return declared.label if declared else domain


def propose(
    definition: FormDefinition, shown: Mapping[str, Any], scores: Mapping[str, int | None]
) -> tuple[ProposedNeed, ...]:
    """The needs the rules propose, one per domain (the highest level and urgency proposed),
    in the order the rules first name each domain."""
    found: dict[str, ProposedNeed] = {}
    for rule in definition.needs:
        if rule.when is not None and not rule.when.test(shown, scores):
            continue
        level = rule.level
        if rule.level_from is not None:
            level = shown.get(rule.level_from)
            if level not in NEED_LEVELS:
                continue  # "none", or not answered: no need in this domain
        urgency = rule.urgency
        if rule.urgency_from is not None:
            urgency = shown.get(rule.urgency_from)
            urgency = urgency if urgency in URGENCY else None
        details = tuple((name, shown.get(field)) for name, field in rule.details_from)
        reasons = (rule.reason,) if rule.reason else ()
        before = found.get(rule.domain)
        if before is not None:
            if _LEVEL_ORDER[before.level] > _LEVEL_ORDER[level]:
                level = before.level
            if _URGENCY_ORDER[before.urgency] > _URGENCY_ORDER[urgency]:
                urgency = before.urgency
            reasons = before.reasons + tuple(r for r in reasons if r not in before.reasons)
            names = {name for name, _ in before.details}
            details = before.details + tuple(d for d in details if d[0] not in names)
        found[rule.domain] = ProposedNeed(
            rule.domain,
            domain_label(definition, rule.domain),
            store_key(definition, rule.domain),
            level,
            urgency,
            reasons,
            details,
        )
    return tuple(found.values())
