"""Text from feeds made plain and inert: what is stripped, what must survive."""

from __future__ import annotations

import pytest

from bot.sanitize import plain_text


@pytest.mark.parametrize("text", [
    "Private Learning with 0<epsilon<1 and delta>0",
    "Our attack needs < 100 queries and reaches > 90% success.",
    "Sharp bounds for 0<p<1 and q>2",
    "a <= b and c >= d, x -> y",
])
def test_comparisons_in_text_are_not_taken_for_tags(text: str) -> None:
    assert plain_text(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("a <script>alert(1)</script> b", "a alert(1) b"),
    ("x <img src=x onerror=alert(1)> y", "x y"),
    ("<b>bold</b> text", "bold text"),
    ("before <!-- a comment --> after", "before after"),
    ("&lt;script&gt;evil&lt;/script&gt;", "evil"),
])
def test_tags_are_still_stripped(text: str, expected: str) -> None:
    assert plain_text(text) == expected
