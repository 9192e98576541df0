"""Hypothesis strategies: answers that fit a definition, whatever the definition."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

from cass_desktop import forms
from cass_desktop.forms import model

_WORDS = st.text(alphabet=string.ascii_letters + " éŁ'", min_size=1, max_size=30)


def answer_for(field: forms.Field) -> st.SearchStrategy:
    """Any answer `field` accepts (never an empty one)."""
    rules = field.validation
    kind = field.kind
    if kind in (model.TEXT, model.LONG_TEXT):
        assert rules.pattern is None, "give patterned fields their own strategy"
        return _WORDS.filter(lambda s: len(s) <= (rules.max_length or 0))
    if kind == model.NUMBER:
        low = rules.min if rules.min is not None else -1000
        high = rules.max if rules.max is not None else 1000
        if rules.integer:
            return st.integers(int(low), int(high))
        return st.integers(int(low), int(high)) | st.floats(low, high, allow_nan=False)
    if kind == model.DATE:
        return st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)).map(dt.date.isoformat)
    if kind == model.YES_NO:
        return st.booleans()
    if kind == model.SCALE:
        return st.integers(int(rules.min), int(rules.max))  # type: ignore[arg-type]
    values = [o.value for o in field.options]
    if kind == model.SINGLE_CHOICE:
        return st.sampled_from(values)
    least = max(int(rules.min or 1), 1)
    most = int(rules.max) if rules.max is not None else len(values)
    return st.lists(st.sampled_from(values), min_size=least, max_size=most, unique=True)


def answers_for(definition: forms.FormDefinition) -> st.SearchStrategy[dict]:
    """Answers to every required question and to some optional ones (hidden ones included:
    they must make no difference)."""
    required = {f.id: answer_for(f) for f in definition.fields if f.required}
    optional = {f.id: answer_for(f) for f in definition.fields if not f.required}
    return st.fixed_dictionaries(required, optional=optional)
