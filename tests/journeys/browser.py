"""A small reader of the pages a person gets, for the journeys.

A journey reads a page as a person does: the forms on it (with the values the page
fills in, so a POST sends what the browser would send), the tables (cell text) and
the visible text. Only the standard library's HTML parser is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

_SPACE = re.compile(r"\s+")
_VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "wbr"}
_HIDDEN_TEXT = {"script", "style", "template", "title", "head"}


def squash(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


@dataclass
class Option:
    value: str
    label: str
    selected: bool


@dataclass
class Control:
    tag: str  # input, select, textarea, button
    name: str
    type: str = ""
    value: str = ""
    checked: bool = False
    multiple: bool = False
    disabled: bool = False
    options: list[Option] = field(default_factory=list)
    label: str = ""  # the text of a <label> wrapping or pointing at the control
    id: str = ""
    legend: str = ""  # the legend of the fieldset the control is in


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    controls: list[Control] = field(default_factory=list)
    text: str = ""

    def control(self, name: str) -> Control:
        found = [c for c in self.controls if c.name == name]
        if not found:
            raise KeyError(f"no field {name!r} in the form to {self.action}: {self.names()}")
        return found[0]

    def names(self) -> list[str]:
        return list(dict.fromkeys(c.name for c in self.controls if c.name))

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.controls)

    def named_by_legend(self, legend_part: str, prefix: str = "") -> str:
        """The name of the control in the fieldset whose legend contains ``legend_part``."""
        names = {
            c.name
            for c in self.controls
            if legend_part in c.legend and c.name.startswith(prefix)
        }
        if len(names) != 1:
            raise LookupError(f"{len(names)} fields under a legend {legend_part!r}: {names}")
        return names.pop()

    def option_value(self, name: str, label_part: str) -> str:
        """The value of the option of select ``name`` whose label contains ``label_part``
        (a radio group: the radio whose label contains it)."""
        controls = [c for c in self.controls if c.name == name]
        candidates: list[tuple[str, str]] = []
        for c in controls:
            if c.tag == "select":
                candidates += [(o.value, o.label) for o in c.options]
            elif c.type in ("radio", "checkbox"):
                candidates.append((c.value, c.label))
        matches = [value for value, label in candidates if label_part in label]
        if len(matches) != 1:
            raise LookupError(
                f"{len(matches)} options of {name!r} read {label_part!r}: {candidates}"
            )
        return matches[0]

    def defaults(self) -> list[tuple[str, str]]:
        """What a browser sends for the form untouched (no submit button)."""
        data: list[tuple[str, str]] = []
        for c in self.controls:
            if not c.name or c.disabled or c.tag == "button":
                continue
            if c.tag == "select":
                chosen = [o for o in c.options if o.selected]
                if not chosen and c.options and not c.multiple:
                    chosen = [c.options[0]]
                data += [(c.name, o.value) for o in chosen]
            elif c.type in ("radio", "checkbox"):
                if c.checked:
                    data.append((c.name, c.value or "on"))
            elif c.type in ("submit", "reset", "image", "file"):
                continue
            else:
                data.append((c.name, c.value))
        return data

    def data(self, values: dict | None = None) -> dict[str, object]:
        """The form's defaults with ``values`` typed in (a list for a multiple select)."""
        values = values or {}
        unknown = [name for name in values if not self.has(name)]
        if unknown:
            raise KeyError(f"fields not on the form to {self.action}: {unknown}; {self.names()}")
        result: dict[str, object] = {}
        for name, value in self.defaults():
            if name in values:
                continue
            if name in result:
                current = result[name]
                result[name] = [*current, value] if isinstance(current, list) else [current, value]
            else:
                result[name] = value
        for name, value in values.items():
            if value is None:
                continue
            result[name] = value
        return result


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.orphans: list[Control] = []
        self.tables: list[list[list[str]]] = []
        self.links: list[tuple[str, str]] = []
        self.text_parts: list[str] = []
        self.labels_for: dict[str, str] = {}
        self._form: Form | None = None
        self._form_text: list[str] = []
        self._select: Control | None = None
        self._option: dict | None = None
        self._textarea: Control | None = None
        self._label: dict | None = None
        self._table_stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._link: dict | None = None
        self._hidden_depth = 0
        self._legend: list[str] | None = None
        self._legends: list[str] = []

    # -- tags
    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag in _HIDDEN_TEXT:
            self._hidden_depth += 1
        if tag == "form":
            self._form = Form(
                a.get("action", ""), a.get("method", "get").lower(), a.get("enctype", "")
            )
            self._form_text = []
        elif tag == "input":
            self._add(
                Control(
                    "input",
                    a.get("name", ""),
                    a.get("type", "text").lower(),
                    a.get("value", "on" if a.get("type") in ("checkbox", "radio") else ""),
                    "checked" in a,
                    disabled="disabled" in a,
                    id=a.get("id", ""),
                )
            )
        elif tag == "select":
            self._select = Control(
                "select", a.get("name", ""), multiple="multiple" in a,
                disabled="disabled" in a, id=a.get("id", ""),
            )
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "selected": "selected" in a, "text": []}
        elif tag == "textarea":
            self._textarea = Control(
                "textarea", a.get("name", ""), "textarea", "", disabled="disabled" in a,
                id=a.get("id", ""),
            )
            self._add(self._textarea)
        elif tag == "button":
            self._add(
                Control("button", a.get("name", ""), a.get("type", "submit"), a.get("value", ""))
            )
        elif tag == "fieldset":
            self._legends.append("")
        elif tag == "legend":
            self._legend = []
        elif tag == "label":
            self._label = {"for": a.get("for", ""), "text": [], "controls": []}
        elif tag == "table":
            self._table_stack.append([])
        elif tag == "tr" and self._table_stack:
            self._table_stack[-1].append([])
        elif tag in ("td", "th") and self._table_stack:
            self._cell = []
        elif tag == "a":
            self._link = {"href": a.get("href", ""), "text": []}
        if tag in ("br", "p", "li", "tr", "h1", "h2", "h3", "div", "dt", "dd"):
            self._text(" ")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _HIDDEN_TEXT and self._hidden_depth:
            self._hidden_depth -= 1
        if tag == "form" and self._form is not None:
            self._form.text = squash("".join(self._form_text))
            self.forms.append(self._form)
            self._form = None
        elif tag == "legend" and self._legend is not None:
            if self._legends:
                self._legends[-1] = squash("".join(self._legend))
            self._legend = None
        elif tag == "fieldset" and self._legends:
            self._legends.pop()
        elif tag == "select":
            self._select = None
        elif tag == "option" and self._option is not None and self._select is not None:
            text = squash("".join(self._option["text"]))
            value = self._option["value"] if self._option["value"] is not None else text
            self._select.options.append(Option(value, text, self._option["selected"]))
            self._option = None
        elif tag == "textarea":
            # HTML drops one newline right after <textarea>, as a browser sends it.
            text = self._textarea.value.replace("\r\n", "\n")
            self._textarea.value = text[1:] if text.startswith("\n") else text
            self._textarea = None
        elif tag == "label" and self._label is not None:
            text = squash("".join(self._label["text"]))
            if self._label["for"]:
                self.labels_for[self._label["for"]] = text
            for control in self._label["controls"]:
                control.label = text
            self._label = None
        elif tag in ("td", "th") and self._cell is not None and self._table_stack:
            if self._table_stack[-1]:
                self._table_stack[-1][-1].append(squash("".join(self._cell)))
            self._cell = None
        elif tag == "table" and self._table_stack:
            self.tables.append(self._table_stack.pop())
        elif tag == "a" and self._link is not None:
            self.links.append((self._link["href"], squash("".join(self._link["text"]))))
            self._link = None
        if tag in ("p", "li", "tr", "td", "th", "h1", "h2", "h3", "div", "dt", "dd", "option"):
            self._text(" ")

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"].append(data)
            return
        if self._textarea is not None:
            self._textarea.value += data
            return
        if self._hidden_depth:
            return
        self._text(data)

    # -- helpers
    def _text(self, data: str) -> None:
        self.text_parts.append(data)
        if self._legend is not None:
            self._legend.append(data)
        if self._form is not None:
            self._form_text.append(data)
        if self._label is not None:
            self._label["text"].append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._link is not None:
            self._link["text"].append(data)

    def _add(self, control: Control) -> None:
        if self._legends:
            control.legend = self._legends[-1]
        if self._label is not None:
            self._label["controls"].append(control)
        (self._form.controls if self._form is not None else self.orphans).append(control)


class Page:
    """A response read as a person reads it."""

    def __init__(self, response, url: str = "") -> None:
        self.response = response
        self.status = response.status_code
        self.url = url
        self.html = response.get_data(as_text=True)
        reader = _Reader()
        reader.feed(self.html)
        reader.close()
        for form in reader.forms:
            for control in form.controls:
                if not control.label and control.id in reader.labels_for:
                    control.label = reader.labels_for[control.id]
        self.forms = reader.forms
        self.tables = reader.tables
        self.links = reader.links
        self.text = squash("".join(reader.text_parts))

    def __contains__(self, text: str) -> bool:
        return squash(text) in self.text

    def form(self, action_part: str = "", containing: str = "", field: str = "") -> Form:
        """The one form whose action contains ``action_part`` (an empty action: the
        page's own URL), whose text contains ``containing`` and that has ``field``."""
        found = [
            f
            for f in self.forms
            if action_part in (f.action or self.url)
            and containing in f.text
            and (not field or f.has(field))
        ]
        if len(found) != 1:
            raise LookupError(
                f"{len(found)} forms match action={action_part!r} text={containing!r} "
                f"field={field!r} on {self.url}: {[(f.action, f.names()[:6]) for f in self.forms]}"
            )
        return found[0]

    def link(self, text_part: str) -> str:
        found = [href for href, text in self.links if text_part in text]
        if not found:
            raise LookupError(f"no link reads {text_part!r} on {self.url}")
        return found[0]

    def table_with(self, text: str) -> list[list[str]]:
        """The first table one of whose cells contains ``text``."""
        for table in self.tables:
            if any(text in cell for row in table for cell in row):
                return table
        raise LookupError(f"no table holds {text!r} on {self.url}")

    def row(self, text: str, table: list[list[str]] | None = None) -> list[str]:
        """The first table row whose first cell contains ``text``."""
        tables = [table] if table is not None else self.tables
        for rows in tables:
            for row in rows:
                if row and text in row[0]:
                    return row
        raise LookupError(f"no table row starts with {text!r} on {self.url}")


class Person:
    """Someone with a browser: a test client that keeps its cookies, reading pages."""

    def __init__(self, app, name: str) -> None:
        self.app = app
        self.name = name
        self.client = app.test_client()
        self.page: Page | None = None

    def get(self, url: str, expect: int | None = 200) -> Page:
        response = self.client.get(url)
        page = Page(response, url)
        if expect is not None:
            assert response.status_code == expect, (
                f"{self.name}: GET {url} answered {response.status_code}: {page.text[:600]}"
            )
        self.page = page
        return page

    def open(self, url: str, expect: int | None = 200) -> Page:
        """GET and follow redirects (what a browser shows)."""
        response = self.client.get(url, follow_redirects=True)
        page = Page(response, url)
        if expect is not None:
            assert response.status_code == expect, (
                f"{self.name}: GET {url} answered {response.status_code}: {page.text[:600]}"
            )
        self.page = page
        return page

    def submit(
        self,
        form: Form,
        values: dict | None = None,
        expect: int | None = 200,
        base: str | None = None,
        files: dict | None = None,
    ) -> Page:
        """Send ``form`` as the browser does (its defaults plus ``values``), follow the
        redirect and read the page that is shown."""
        base = base or (self.page.url if self.page is not None else "/")
        action = urljoin("http://localhost" + base, form.action or base)
        action = action.removeprefix("http://localhost")
        data = form.data(values)
        if files:
            data.update(files)
        assert form.method == "post", f"{self.name}: the form to {action} is not a POST"
        response = self.client.post(action, data=data, follow_redirects=True)
        page = Page(response, response.request.path if response.request else action)
        if expect is not None:
            assert response.status_code == expect, (
                f"{self.name}: POST {action} answered {response.status_code}: {page.text[:1500]}"
            )
        self.page = page
        return page

    def download(self, url: str) -> bytes:
        response = self.client.get(url)
        assert response.status_code == 200, f"{self.name}: GET {url} -> {response.status_code}"
        return response.get_data()

    def json(self, url: str, expect: int = 200):
        response = self.client.get(url)
        body = response.get_data(as_text=True)[:500]
        status = response.status_code
        assert status == expect, f"{self.name}: GET {url} -> {status} {body}"
        return response.get_json()
