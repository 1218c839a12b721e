"""``{% grid_fragment %}``: its syntax, and the row it marks on every request."""

import pytest
from django.template import Context, Engine, TemplateSyntaxError

ENGINE = Engine(libraries={"grid_tags": "grid_pages.templatetags.grid_tags"})
TABLE = (
    '{% load grid_tags %}{% grid_fragment "people" selected_row=row %}'
    '<table>{% for id in ids %}<tr id="{{ id }}"><td>{{ id }}</td></tr>{% endfor %}</table>'
    "{% endgrid_fragment %}"
)


def render(source, **values):
    return ENGINE.from_string(source).render(Context(values))


def test_the_selected_row_is_marked_once_and_the_others_are_not():
    html = render(TABLE, ids=["room-501", "room-502", "room-5021"], row="room-502")
    assert html.count("is-selected") == 1
    assert '<tr id="room-502" class="is-selected">' in html
    assert '<tr id="room-5021">' in html


@pytest.mark.parametrize("row", ["", None, "room-999"])
def test_no_row_or_an_unknown_one_marks_nothing(row):
    assert "is-selected" not in render(TABLE, ids=["room-501"], row=row)


def test_an_id_is_matched_as_the_template_escapes_it():
    hostile = 'r"><script>x</script>'
    html = render(TABLE, ids=[hostile], row=hostile)
    assert '<tr id="r&quot;&gt;&lt;script&gt;x&lt;/script&gt;" class="is-selected">' in html
    assert "<script>" not in html


@pytest.mark.parametrize(
    "tag",
    ['{% grid_fragment people %}', '{% grid_fragment "people" row=x %}', '{% grid_fragment "a" "b" "c" %}'],
)
def test_a_malformed_tag_says_so(tag):
    with pytest.raises(TemplateSyntaxError):
        ENGINE.from_string("{% load grid_tags %}" + tag + "{% endgrid_fragment %}")
