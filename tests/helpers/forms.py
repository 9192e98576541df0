"""Forms for the tests: the bundled ones, and a small valid definition to break."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from cass_desktop import forms


def bundled(form_id: str) -> forms.FormDefinition:
    definition = forms.load_registry().latest(form_id)
    assert definition is not None, form_id
    return definition


# A small definition that loads; tests copy it and break one thing.
SMALL: dict[str, Any] = {
    "format": 1,
    "id": "small",
    "version": 1,
    "title": "A small form",
    "purpose": "For the tests.",
    "licence": {"owner": "CASS Desktop contributors", "may_reproduce": True},
    "sections": [
        {
            "id": "first",
            "title": "First",
            "fields": [
                {
                    "id": "drinks",
                    "kind": "yes_no",
                    "label": "Do you drink?",
                    "required": True,
                    "scores": {"yes": 1, "no": 0},
                },
                {
                    "id": "often",
                    "kind": "single_choice",
                    "label": "How often?",
                    "required": True,
                    "show_if": {"field": "drinks", "equals": True},
                    "options": [
                        {"value": 0, "label": "Rarely", "score": 0},
                        {"value": 1, "label": "Weekly", "score": 1},
                        {"value": 2, "label": "Daily", "score": 2},
                    ],
                },
                {"id": "notes", "kind": "long_text", "label": "Notes"},
            ],
        }
    ],
    "scoring": {
        "scores": [
            {
                "id": "total",
                "label": "Total",
                "items": ["drinks", {"field": "often", "weight": 2}],
                "range": [0, 5],
                "bands": [
                    {"from": 0, "to": 1, "key": "low", "label": "Low"},
                    {"from": 2, "to": 5, "key": "high", "label": "High"},
                ],
            }
        ],
        "flags": [
            {"id": "daily", "label": "Drinks daily", "when": {"field": "often", "equals": 2}}
        ],
        "needs": [
            {
                "domain": "substances",
                "when": {"score": "total", "greater_than": 2},
                "level": "medium",
            }
        ],
    },
}


def small() -> dict[str, Any]:
    return copy.deepcopy(SMALL)


def refused(raw: Any, label: str = "small.json") -> list[str]:
    """The problem lines for a definition that must be refused (given as pretty JSON text,
    so lines are known)."""
    text = raw if isinstance(raw, str | bytes) else json.dumps(raw, indent=2)
    with pytest.raises(forms.DefinitionError) as caught:
        forms.load_definition(text, label)
    return caught.value.lines()
