"""Reading a definition's `scoring`: scores and their bands, flag rules, and proposed needs.

Scores are whole numbers, so a band is a closed range of whole numbers and "no gaps or
overlaps" can be checked exactly: each band starts one after the last one ends, the first at
the lowest the score can be and the last at the highest. The range is worked out from the
items (a question that can be hidden counts as 0), and a declared `range` must agree with it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from cass_desktop.forms import conditions, model
from cass_desktop.forms.check import Checker, Path, type_name
from cass_desktop.forms.limits import (
    MAX_BANDS,
    MAX_FIELDS,
    MAX_FLAGS,
    MAX_HELP,
    MAX_ID,
    MAX_LABEL,
    MAX_NEEDS,
    MAX_SCORES,
    MAX_WEIGHT,
)
from cass_desktop.forms.model import Band, Field, FlagRule, NeedRule, Score, ScoreItem
from cass_desktop.records.vocab import NEED_DOMAINS, NEED_LEVELS, URGENCY

_SCORING = ("scores", "flags", "needs")
_SCORE = ("id", "label", "items", "sections", "range", "bands")
_BAND = ("from", "to", "key", "label")
_FLAG = ("id", "label", "when", "severity", "offer")
_NEED = (
    "domain",
    "when",
    "level",
    "level_from",
    "urgency",
    "urgency_from",
    "reason",
    "details_from",
)

Scored = tuple[tuple[Score, ...], tuple[FlagRule, ...], tuple[NeedRule, ...]]


def read(
    c: Checker,
    raw: Any,
    fields: Mapping[str, Field],
    broken: set[str],
    broken_sections: set[str],
    domains: Mapping[str, model.Domain],
    may_hide: Callable[[Field], bool],
) -> Scored | None:
    if raw is None:
        return (), (), ()
    raw = c.object(raw, ("scoring",), "scoring")
    if raw is None:
        return None
    c.keys(raw, ("scoring",), "scoring", _SCORING)
    reader = _Reader(c, fields, broken, broken_sections, domains, may_hide)
    scores = reader.scores(raw)
    flags = reader.flags(raw)
    needs = reader.needs(raw)
    return tuple(scores), tuple(flags), tuple(needs)


def field_range(field: Field) -> tuple[int, int]:
    """The lowest and highest one answer to `field` can score."""
    if field.kind == model.SINGLE_CHOICE:
        values = [o.score or 0 for o in field.options]
        return min(values), max(values)
    if field.kind == model.MULTIPLE_CHOICE:
        values = [o.score or 0 for o in field.options]
        return sum(v for v in values if v < 0), sum(v for v in values if v > 0)
    if field.kind == model.YES_NO and field.yes_no_scores is not None:
        return min(field.yes_no_scores), max(field.yes_no_scores)
    return int(field.validation.min or 0), int(field.validation.max or 0)


class _Reader:
    def __init__(self, c, fields, broken, broken_sections, domains, may_hide):
        self.c = c
        self.fields: Mapping[str, Field] = fields
        self.broken: set[str] = broken  # fields refused: what counts them says nothing more
        self.broken_sections: set[str] = broken_sections
        self.counts_broken = False  # the score being read counts a field that was refused
        self.domains: Mapping[str, model.Domain] = domains
        self.may_hide = may_hide
        self.scores_by_id: dict[str, Score] = {}
        self.broken_scores: set[str] = set()
        self.section_ids = {f.section for f in fields.values()} | broken_sections

    # -- scores ------------------------------------------------------------------------------

    def scores(self, raw: dict[str, Any]) -> list[Score]:
        found: list[Score] = []
        for n, score_raw in enumerate(
            self.c.array(raw, "scores", ("scoring",), "scoring", MAX_SCORES) or []
        ):
            score = self._score(score_raw, ("scoring", "scores", n), n)
            if score is not None:
                found.append(score)
                self.scores_by_id[score.id] = score
        return found

    def _score(self, raw: Any, path: Path, n: int) -> Score | None:
        c = self.c
        raw = c.object(raw, path, f"score {n + 1}")
        if raw is None:
            return None
        score_id = c.ident(raw, "id", path, f"score {n + 1}")
        if score_id is None:
            return None
        where = f"score “{score_id}”"
        if score_id in self.scores_by_id or score_id in self.broken_scores:
            c.add((*path, "id"), where, "appears twice: score ids must differ")
            return None
        count = len(c.problems)
        self.counts_broken = False
        c.keys(raw, path, where, _SCORE, ("id", "label"))
        label = c.text(raw, "label", path, where, MAX_LABEL, required=True)
        items = self._items(raw, path, where)
        low = high = 0
        for item in items:
            if item.field is not None:
                one_low, one_high = field_range(self.fields[item.field])
                if self.may_hide(self.fields[item.field]):
                    one_low, one_high = min(one_low, 0), max(one_high, 0)
            else:
                prior = self.scores_by_id[item.score or ""]
                one_low, one_high = prior.low, prior.high
            low += one_low * item.weight
            high += one_high * item.weight
        # A range or bands checked without a refused field would only repeat its problem.
        checkable = items and not self.counts_broken
        if "range" in raw and checkable:
            self._declared_range(raw["range"], (*path, "range"), where, low, high)
        bands = self._bands(raw, path, where, low, high) if checkable else []
        if len(c.problems) > count or label is None or not checkable:
            self.broken_scores.add(score_id)
            return None
        return Score(score_id, label, tuple(items), low, high, tuple(bands))

    def _items(self, raw: dict[str, Any], path: Path, where: str) -> list[ScoreItem]:
        c = self.c
        items: list[ScoreItem] = []
        seen: set[str] = set()
        for n, entry in enumerate(c.array(raw, "items", path, where, MAX_FIELDS) or []):
            here = (*path, "items", n)
            weight = 1
            if isinstance(entry, str):
                entry = {"field": entry}
            entry = c.object(entry, here, where)
            if entry is None:
                continue
            c.keys(entry, here, where, ("field", "score", "weight"))
            if "weight" in entry:
                weight = c.integer(entry, "weight", here, where, 1, MAX_WEIGHT) or 0
            item = self._item(entry, here, where, weight, seen)
            if item is not None:
                items.append(item)
        for n, section in enumerate(c.array(raw, "sections", path, where, 100) or []):
            here = (*path, "sections", n)
            if section not in self.section_ids:
                shown = section[:MAX_ID] if isinstance(section, str) else type_name(section)
                c.add(here, where, f"counts the section “{shown}”, which is not one")
                continue
            in_section = [f for f in self.fields.values() if f.section == section and f.scored]
            if section in self.broken_sections:
                self.counts_broken = True
            elif not in_section:
                c.add(here, where, f"counts the section “{section}”, which has no scored questions")
            for field in in_section:
                item = self._item({"field": field.id}, here, where, 1, seen)
                if item is not None:
                    items.append(item)
        if not items and "items" not in raw and "sections" not in raw:
            c.add(path, where, "needs “items” or “sections” to add up")
        elif not items and not self.counts_broken and not c.problems:
            c.add(path, where, "adds up nothing")
        return items

    def _item(
        self, entry: dict[str, Any], here: Path, where: str, weight: int, seen: set[str]
    ) -> ScoreItem | None:
        c = self.c
        if not weight:
            return None
        if ("field" in entry) == ("score" in entry):
            c.add(here, where, "each item names one “field” or one earlier “score”")
            return None
        if "score" in entry:
            name = entry["score"]
            if name not in self.scores_by_id:
                if name not in self.broken_scores:
                    shown = name[:MAX_ID] if isinstance(name, str) else type_name(name)
                    c.add(here, where, f"counts the score “{shown}”, which is not an earlier score")
                return None
            return ScoreItem(score=name, weight=weight)
        name = entry["field"]
        if name in self.broken:
            self.counts_broken = True
            return None
        field = self.fields.get(name) if isinstance(name, str) else None
        if field is None:
            shown = name[:MAX_ID] if isinstance(name, str) else type_name(name)
            c.add(here, where, f"counts “{shown}”, which is not a field")
            return None
        if name in seen:
            c.add(here, where, f"counts “{name}” twice")
            return None
        seen.add(name)
        if not field.scored:
            c.add(here, where, f"counts “{name}”, but {_why_unscored(field)}")
            self.counts_broken = True  # its range would only repeat this
            return None
        return ScoreItem(field=name, weight=weight)

    def _declared_range(self, raw: Any, path: Path, where: str, low: int, high: int) -> None:
        c = self.c
        if not (isinstance(raw, list) and len(raw) == 2 and all(type(v) is int for v in raw)):
            c.add(path, where, "“range” should be [lowest, highest], two whole numbers")
            return
        if (raw[0], raw[1]) != (low, high):
            c.add(
                path,
                where,
                f"declares the range {raw[0]} to {raw[1]}, but its items add up to {low} to {high}",
            )

    def _bands(self, raw: dict[str, Any], path: Path, where: str, low: int, high: int):
        c = self.c
        bands: list[Band] = []
        keys: set[str] = set()
        for n, band_raw in enumerate(c.array(raw, "bands", path, where, MAX_BANDS) or []):
            here, there = (*path, "bands", n), f"{where}, band {n + 1}"
            band_raw = c.object(band_raw, here, there)
            if band_raw is None:
                return []
            c.keys(band_raw, here, there, _BAND, _BAND)
            label = c.text(band_raw, "label", here, there, MAX_LABEL, required=True)
            if label is not None:
                there = f"{there} (“{label[:64]}”)"
            start = c.integer(band_raw, "from", here, there, -(10**9), 10**9)
            end = c.integer(band_raw, "to", here, there, -(10**9), 10**9)
            key = c.ident(band_raw, "key", here, there)
            if start is None or end is None or key is None or label is None:
                return []
            if key in keys:
                c.add((*here, "key"), there, f"has the key “{key}”, as another band does")
            keys.add(key)
            if start > end:
                c.add(here, there, f"runs from {start} to {end}: “from” must not be above “to”")
                return []
            if bands:
                before = bands[-1].high
                if start > before + 1:
                    gap = f"{before + 1}" if start == before + 2 else f"{before + 1} to {start - 1}"
                    c.add(
                        here,
                        there,
                        f"starts at {start}, but the band before it ends at {before}: "
                        f"{gap} would be in no band",
                    )
                elif start <= before:
                    both = (
                        f"{start}"
                        if start == min(end, before)
                        else f"{start} to {min(end, before)}"
                    )
                    c.add(
                        here,
                        there,
                        f"starts at {start}, but the band before it ends at {before}: "
                        f"{both} would be in two bands",
                    )
            elif start != low:
                c.add(
                    here,
                    there,
                    f"starts at {start}, but the score can be as low as {low}: "
                    "the first band must start there",
                )
            bands.append(Band(start, end, key, label))
        if bands and bands[-1].high != high:
            last = bands[-1]
            c.add(
                (*path, "bands", len(bands) - 1),
                f"{where}, band {len(bands)} (“{last.label[:64]}”)",
                f"ends at {last.high}, but the score can be as high as {high}: "
                "the last band must end there",
            )
        return bands

    # -- flags -------------------------------------------------------------------------------

    def _rule_scope(self) -> conditions.Scope:
        return conditions.Scope(self.fields, frozenset(), self.scores_by_id, None)

    def _when(self, raw: Any, path: Path, where: str) -> model.Condition | None:
        named = (conditions.named(raw) & self.broken) or (
            conditions.named(raw, "score") & self.broken_scores
        )
        if named:
            return None  # already reported where that field or score is
        return conditions.read(self.c, raw, path, where, "when", self._rule_scope())

    def flags(self, raw: dict[str, Any]) -> list[FlagRule]:
        c = self.c
        found: list[FlagRule] = []
        seen: set[str] = set()
        for n, flag_raw in enumerate(
            c.array(raw, "flags", ("scoring",), "scoring", MAX_FLAGS) or []
        ):
            path = ("scoring", "flags", n)
            flag_raw = c.object(flag_raw, path, f"flag {n + 1}")
            if flag_raw is None:
                continue
            flag_id = c.ident(flag_raw, "id", path, f"flag {n + 1}")
            if flag_id is None:
                continue
            where = f"flag “{flag_id}”"
            if flag_id in seen:
                c.add((*path, "id"), where, "appears twice: flag ids must differ")
                continue
            seen.add(flag_id)
            c.keys(flag_raw, path, where, _FLAG, ("id", "label", "when"))
            label = c.text(flag_raw, "label", path, where, MAX_HELP, required=True, lines=True)
            severity = flag_raw.get("severity", "warning")
            if severity not in model.SEVERITIES:
                c.add(
                    (*path, "severity"),
                    where,
                    f"“severity” must be one of {', '.join(model.SEVERITIES)}",
                )
                continue
            offer = c.ident(flag_raw, "offer", path, where, required=False)
            if "when" not in flag_raw:
                continue
            when = self._when(flag_raw["when"], (*path, "when"), where)
            if label is not None and when is not None:
                found.append(FlagRule(flag_id, label, when, severity, offer))
        return found

    # -- needs -------------------------------------------------------------------------------

    def needs(self, raw: dict[str, Any]) -> list[NeedRule]:
        found: list[NeedRule] = []
        for n, need_raw in enumerate(
            self.c.array(raw, "needs", ("scoring",), "scoring", MAX_NEEDS) or []
        ):
            rule = self._need(need_raw, ("scoring", "needs", n), f"need {n + 1}")
            if rule is not None:
                found.append(rule)
        return found

    def _need(self, raw: Any, path: Path, where: str) -> NeedRule | None:
        c = self.c
        raw = c.object(raw, path, where)
        if raw is None:
            return None
        count = len(c.problems)
        domain = raw.get("domain")
        if isinstance(domain, str) and (domain in NEED_DOMAINS or domain in self.domains):
            where = f"{where} (“{domain}”)"
        c.keys(raw, path, where, _NEED, ("domain",))
        if domain is not None and not (
            isinstance(domain, str) and (domain in NEED_DOMAINS or domain in self.domains)
        ):
            shown = domain[:MAX_ID] if isinstance(domain, str) else type_name(domain)
            c.add(
                (*path, "domain"),
                where,
                f"names the domain “{shown}”, which is neither one of the app's "
                f"({', '.join(NEED_DOMAINS)}) nor in this form's “domains”",
            )
        level = self._choice(raw, "level", NEED_LEVELS, path, where)
        urgency = self._choice(raw, "urgency", URGENCY, path, where)
        level_from = self._from(raw, "level_from", NEED_LEVELS, path, where, every=False)
        urgency_from = self._from(raw, "urgency_from", URGENCY, path, where, every=True)
        if "level" in raw and "level_from" in raw:
            c.add(path, where, "gives both “level” and “level_from”: choose one")
        if "urgency" in raw and "urgency_from" in raw:
            c.add(path, where, "gives both “urgency” and “urgency_from”: choose one")
        reason = c.text(raw, "reason", path, where, MAX_HELP, lines=True) or ""
        details = self._details(raw, path, where)
        when = None
        if "when" in raw:
            when = self._when(raw["when"], (*path, "when"), where)
        if len(c.problems) > count or ("when" in raw and when is None):
            return None
        return NeedRule(domain, when, level, level_from, urgency, urgency_from, reason, details)

    def _choice(self, raw, key, vocab, path, where) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if value not in vocab:
            self.c.add((*path, key), where, f"“{key}” must be one of {', '.join(vocab)}")
            return None
        return value

    def _from(self, raw, key, vocab, path, where, *, every: bool) -> str | None:
        """A single choice whose answers are the level (or urgency) itself."""
        name = raw.get(key)
        if name is None or name in self.broken:
            return None
        field = self.fields.get(name) if isinstance(name, str) else None
        if field is None:
            shown = name[:MAX_ID] if isinstance(name, str) else type_name(name)
            self.c.add((*path, key), where, f"“{key}” names “{shown}”, which is not a field")
            return None
        values = [o.value for o in field.options]
        fits = [v in vocab for v in values]
        if field.kind != model.SINGLE_CHOICE or not any(fits) or (every and not all(fits)):
            what = "every" if every else "some"
            self.c.add(
                (*path, key),
                where,
                f"“{key}” names “{name}”, which must be a single choice with {what} option "
                f"values from {', '.join(vocab)}",
            )
            return None
        return name

    def _details(self, raw, path, where) -> tuple[tuple[str, str], ...]:
        c = self.c
        got = raw.get("details_from")
        if got is None:
            return ()
        here = (*path, "details_from")
        got = c.object(got, here, where)
        if got is None:
            return ()
        details: list[tuple[str, str]] = []
        for name, field_id in got.items():
            if field_id in self.broken:
                continue
            if not isinstance(field_id, str) or field_id not in self.fields:
                shown = field_id[:MAX_ID] if isinstance(field_id, str) else type_name(field_id)
                c.add((*here, name), where, f"“details_from” names “{shown}”, which is not a field")
                continue
            details.append((name[:MAX_ID], field_id))
        return tuple(details)


def _why_unscored(field: Field) -> str:
    if field.kind in model.CHOICE_KINDS:
        return "its options have no scores"
    if field.kind == model.YES_NO:
        return "it does not say what yes and no score (give it “scores”)"
    if field.kind == model.NUMBER:
        return "a number is scored only when it is whole, with min and max"
    return f"a {field.kind.replace('_', ' ')} question cannot be scored"
