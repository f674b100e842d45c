"""Prompt templates render exactly as string.Template would, from a split made once per template."""
from __future__ import annotations

import string
from importlib import resources

import pytest

from assay import templates
from assay.errors import UsageError

SHIPPED = sorted(p.name[:-3] for p in resources.files("assay.prompts").iterdir() if p.name.endswith(".md"))


def variables(text: str) -> set[str]:
    t = string.Template(text)
    return {m.group("named") or m.group("braced") for m in t.pattern.finditer(text)
            if m.group("named") or m.group("braced")}


@pytest.mark.parametrize("name", SHIPPED)
def test_every_shipped_template_renders_as_string_template_does(name):
    text = templates.template(name)
    values = {v: f"  <{v}: $dollar ${{braced}} \\1 $$>  " for v in variables(text)}  # values are never re-expanded
    assert templates.render(name, **values) == string.Template(text).substitute(values).strip()


def test_escapes_braces_missing_and_invalid_placeholders(monkeypatch, tmp_path):
    texts = {"t_ok": "Cost: $$5 for ${item}s and $n more.\n", "t_bad": "a $ b"}
    monkeypatch.setattr(templates, "template", lambda name: texts[name])
    templates._compiled.cache_clear()
    try:
        assert templates.render("t_ok", item="apple", n=3) == "Cost: $5 for apples and 3 more."
        with pytest.raises(UsageError, match=r"prompts/t_ok.md needs variable 'n'"):
            templates.render("t_ok", item="apple")
        for bad in ("a $ b", "$who and\n  $ bad", "x\ny $1", "$"):  # the same message string.Template gives
            texts["t_bad"] = bad
            templates._compiled.cache_clear()
            with pytest.raises(ValueError) as theirs:
                string.Template(bad).substitute(who=1)
            with pytest.raises(ValueError) as ours:
                templates.render("t_bad", who=1)
            assert str(ours.value) == str(theirs.value)
    finally:
        templates._compiled.cache_clear()
