"""Templates cannot loop for ever, build huge text or call themselves without end: each kind of
attack is refused quickly, in words naming the template and its line, and a long but real
letter is still made."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from cass_desktop.data import changelog, letters
from cass_desktop.letters import LetterError, make_letter
from cass_desktop.letters.limits import LIMITS, Limits
from cass_desktop.letters.render import render
from tests.helpers.letters import write_local
from tests.helpers.pdf import pdf_pages, pdf_text

pytestmark = pytest.mark.usefixtures("have_pdftotext")

REASON = "Siân is sleeping in her car after her tenancy ended last month. " * 20
FIELDS = {
    "client": {"name": "Siân Ní Bhriain", "reason": REASON},
    "referral": {"needs": ["Housing", "Money"]},
}
# Attacks are tried with all the time in the world: each must be stopped by a count, which
# stops it after a fixed amount of work on any machine, however loaded (the time limit is a
# backstop, tested on its own below).
UNHURRIED = Limits(seconds=3600)


def refusal(text: str, label: str = "attack.j2", fields: dict | None = None, **kwargs) -> str:
    """The message a template is refused with (failing if it is made)."""
    kwargs.setdefault("limits", UNHURRIED)
    with pytest.raises(LetterError) as caught:
        render(text, label, FIELDS if fields is None else fields, **kwargs)
    message = str(caught.value)
    assert_plain(message)
    assert caught.value.template == label
    if kwargs["limits"] is UNHURRIED:
        assert "takes too long" not in message
    return message


def assert_plain(message: str) -> None:
    """Words for a person: one line, no exception names, the template named once."""
    assert "\n" not in message and "Error" not in message and "Traceback" not in message
    assert message.endswith(".")
    assert "No letter was made" in message
    assert len(message) < 300, message


def line_of(message: str) -> int:
    found = re.search(r", line (\d+),", message)
    assert found, message
    return int(found.group(1))


# -- loops -----------------------------------------------------------------------------


def test_the_nested_loop_from_the_issue_is_refused_at_its_line():
    text = (
        "# Letter\n\n"
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}\n"
    )
    message = refusal(text)
    assert message.startswith("The letter template attack.j2, line 3,")
    assert "too many numbers" in message


def test_loops_within_range_still_stop_after_a_fixed_number_of_steps():
    text = (
        "# Letter\n{% for a in range(10000) %}\n"
        "{% for b in range(10000) %}x{% endfor %}\n{% endfor %}\n"
    )
    message = refusal(text)
    assert line_of(message) == 3
    assert f"more than {LIMITS.steps:,} steps" in message


def test_rounds_a_loop_skips_with_if_count_too():
    text = "{% for a in range(10000) %}{% for b in range(10000) if false %}{% endfor %}{% endfor %}"
    assert "steps" in refusal(text)


def test_work_inside_filters_counts_towards_the_steps():
    text = "{% for a in range(10000) %}{{ range(10000) | sum }}{% endfor %}"
    assert "steps" in refusal(text)


def test_the_clock_stops_a_template_too():
    # The counts stop every attack found well before the time limit; the time limit is the
    # backstop behind them. With no time at all allowed, the first step is past it.
    message = refusal("{% for a in range(3) %}x{% endfor %}", limits=Limits(seconds=-1))
    assert "takes too long to fill in" in message


# -- text that grows ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{{ 'x' * 1000000000 }}", "repeats text too many times"),
        ("{{ client.reason * 1000 }}", "repeats text too many times"),
        ("{{ [client.reason] * 1000000 }}", "repeats text too many times"),
        ("{{ 2 ** 1000000 }}", "number that is too large"),
        ("{% set n = ('9' * 4000) | int %}{{ n * n }}", "number that is too large"),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s }}",
            "piece of text that is too long",
        ),
        (
            "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
            "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s }}",
            "piece of text that is too long",
        ),
        ("{% set l = [client.reason] * 1000 %}{{ l }}", "piece of text that is too long"),
        ("{% set l = [client.reason] * 1000 %}{{ l | join }}", "piece of text that is too long"),
        ("{% set l = [client.reason] * 1000 %}{{ l | string }}", "piece of text that is too long"),
        ("{% for i in range(10000) %}{{ client.reason }}{% endfor %}", "letter that is too long"),
        (
            "{% macro m() %}{% for i in range(10000) %}{{ client.reason }}{% endfor %}"
            "{% endmacro %}{{ m() | length }}",
            "too much text",
        ),
        (
            "{% set s %}{% for i in range(10000) %}{{ client.reason }}{% endfor %}{% endset %}"
            "{{ s | length }}",
            "too much text",
        ),
    ],
)
def test_text_and_numbers_cannot_grow_without_end(text, words):
    assert words in refusal(text)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("{{ 'x' | center(1000000000) }}", "pads text too widely"),
        ("{{ client.reason | indent(1000000) }}", "pads text too widely"),
        ("{{ ('\\n' * 10000) | indent(999, blank=True) }}", "piece of text that is too long"),
        ("{{ '%1000000000s' | format('x') }}", "pads text too widely"),
        ("{{ '%.1000000000f' | format(1.5) }}", "pads text too widely"),
        ("{{ '%*s' | format(1000000000, 'x') }}", "pads text too widely"),
        ("{{ '%1000000000s' % 'x' }}", "pads text too widely"),
        ("{{ client.reason | wordwrap(1, wrapstring='y' * 900) }}", "too long"),
        ("{{ client.reason | replace(' ', 'y' * 900) }}", "piece of text that is too long"),
        ("{{ ['x', 'y'] | join('z' * 300000) }}", "repeats text too many times"),
        ("{{ [1] | batch(1000000000, 0) | list }}", "too many parts"),
        ("{{ [1] | slice(1000000000) | list }}", "too many parts"),
        ("{{ 'x'.center(1000000000) }}", "may not do"),
        ("{{ 'x'.ljust(1000000000) }}", "may not do"),
        ("{{ '{:>1000000000}'.format('x') }}", "may not do"),
        ("{{ (1).to_bytes(1000000000, 'big') }}", "may not do"),
        ("{% set l = [] %}{{ l.append(1) }}", "may not do"),
        ("{{ dict.fromkeys(range(10000)) }}", "may not do"),
        ("{{ lipsum(1000000) }}", "which this letter does not have"),
        ("{{ [1, 2] | random }}", "has a mistake"),
    ],
)
def test_padding_and_unlisted_filters_and_methods_are_refused(text, words):
    assert words in refusal(text)


# -- calling itself ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "# Letter\n{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}\n{{ m(0) }}\n",
        "# Letter\n{% macro d(n) %}{% if n %}{{ d(n - 1) }}{{ d(n - 1) }}{% endif %}x"
        "{% endmacro %}\n{{ d(60) }}\n",
        "# Letter\n{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}\n",
        "# Letter\n{% block b %}{{ self.b() }}{% endblock %}\n",
    ],
    ids=["macro", "doubling-macro", "recursive-loop", "block"],
)
def test_a_template_calling_itself_is_refused(text):
    message = refusal(text)
    assert "inside itself too many times over" in message
    assert line_of(message) == 2


def test_values_nested_without_end_are_refused():
    text = (
        "{% set ns = namespace(l=[]) %}{% for i in range(5000) %}{% set ns.l = [ns.l] %}"
        "{% endfor %}{{ ns.l == ns.l[0] }}{{ ns.l }}"
    )
    refusal(text)


def test_a_template_nested_too_deeply_to_read_is_refused():
    message = refusal("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    assert "nested too deeply" in message


def test_a_template_too_long_to_be_a_letter_is_refused():
    message = refusal("x" * (LIMITS.template + 1))
    assert "too long to be a letter template" in message


# -- whole letters -----------------------------------------------------------------------


def test_a_letter_of_too_many_pages_is_refused_and_nothing_is_logged(referral):
    path = write_local(
        referral,
        "referral-to-agency",
        "# Letter\n{% for i in range(100) %}\nPage\n\n---\n{% endfor %}\n",
    )
    before = changelog.count_ops(referral.db)
    with pytest.raises(LetterError) as caught:
        make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)
    message = str(caught.value)
    assert_plain(message)
    assert f"The letter template {path} makes a letter of more than {LIMITS.pages} pages" in message
    assert changelog.count_ops(referral.db) == before


def test_head_office_template_breaking_a_limit_is_refused_on_the_laptop(referral):
    letters.save_template_document(
        referral.db,
        "referral-to-agency",
        "# Letter\n\n{% for a in range(100000) %}{% for b in range(100000) %}x"
        "{% endfor %}{% endfor %}\n",
        version=3,
    )
    with pytest.raises(LetterError) as caught:
        make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)
    message = str(caught.value)
    assert "head office's template “referral-to-agency” (version 3), line 3," in message
    assert "Tell head office" in message
    assert letters.for_referral(referral.db, referral.referral_id) == []


def test_a_long_real_letter_is_still_made(referral, tmp_path):
    """Thirty sections, each with the reason and the needs from a loop and a macro: a long
    letter, far inside every limit."""
    text = (
        "{% macro need_line(need, n) %}{{ need | upper }} ({{ n }}){% endmacro %}\n"
        "# A long letter for {{ client.name }}\n\n"
        "{% for n in range(1, 31) %}\n"
        "## Part {{ n }}\n\n{{ referral.reason }}\n\n"
        "{% for need in referral.needs %}\n- {{ need_line(need, loop.index) }}\n{% endfor %}\n\n"
        "{% endfor %}\n"
        "{{ '%-20s|' | format(client.known_as) }} {{ client.name | center(40) | trim }}\n"
    )
    write_local(referral, "referral-to-agency", text)
    letter = make_letter(referral.db, referral.referral_id, data_dir=referral.data_dir)
    assert 5 <= pdf_pages(letter.pdf, tmp_path) <= LIMITS.pages
    made = pdf_text(letter.pdf, tmp_path)
    assert "Part 30" in made and "MONEY AND DEBT (2)" in made and "Siân |" in made
    assert letters.for_referral(referral.db, referral.referral_id)[0]["sha256"] == letter.sha256


def test_each_letter_has_its_own_limits_on_each_thread():
    """A batch makes letters on background threads: one template using up its steps does not
    use up another letter's, and the next letter on the same thread starts afresh."""
    heavy = "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}"
    # Nearly all of one letter's steps.
    light = "{% for a in range(9) %}{% for b in range(10000) %}{% endfor %}{% endfor %}done"

    def make(text: str) -> str:
        try:
            return render(text, "t.j2", FIELDS, limits=UNHURRIED)
        except LetterError:
            return "refused"

    with ThreadPoolExecutor(max_workers=2) as pool:
        made = list(pool.map(make, [heavy, light, heavy, light, light]))
    assert made == ["refused", "done", "refused", "done", "done"]
