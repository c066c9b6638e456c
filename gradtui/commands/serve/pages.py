"""The small HTML pages `gradtui serve` answers with besides the app's own page: a notice in
plain words, the page that looks again for the learner's cookies, the page that asks for a
name (`--names`) and the teacher's table (/class). Plain functions from values to HTML:
everything that comes from a learner, a lesson or a request is escaped, and no page runs a
script (the server's Content-Security-Policy forbids inline ones anyway).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from urllib.parse import urlencode

from gradtui.commands.class_view import ClassReport, lesson_words
from gradtui.commands.learners import MOST_NAME_CHARS

STYLE = '<link rel="icon" href="data:,"><link rel="stylesheet" href="/static/gradtui.css">'
CLASS_REFRESH_SECONDS = 15


def page(title: str, body: str, head: str = "") -> str:
    """A whole page around `body` (already HTML), titled `title` (plain text)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>gradtui: {escape(title)}</title>{STYLE}{head}</head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def notice_page(title: str, text: str, head: str = "") -> str:
    """Why there is no session, in plain words."""
    return page(title, f"<h1>{escape(title)}</h1><p>{escape(text)}</p>", head)


def look_again(query: Mapping[str, str]) -> str:
    """What makes a page open `/?query` again at once, from this server's own page: a link
    followed from another site brings none of the cookies kept with SameSite=Strict (the
    token's and the learner's), and this second request, made by the page itself, does."""
    url = escape("/?" + urlencode(dict(query)))
    return f'<meta http-equiv="refresh" content="0; url={url}">'


def look_again_page(query: Mapping[str, str]) -> str:
    """A page that only looks again (see `look_again`), with a link for a browser that does
    not follow the refresh."""
    url = escape("/?" + urlencode(dict(query)))
    return page("opening", f'<p><a href="{url}">Open gradtui</a></p>', look_again(query))


def name_page(kept: Mapping[str, str], problem: str = "") -> str:
    """The first page of a class served with --names: a name for the teacher's table. `kept`
    carries the link's lesson, step and font size on to the app's page."""
    hidden = "".join(
        f'<input type="hidden" name="{escape(key)}" value="{escape(value)}">'
        for key, value in kept.items()
    )
    said = f'<p class="problem" role="alert">{escape(problem)}</p>' if problem else ""
    body = (
        "<h1>Your name, for your teacher</h1>"
        "<p>Your teacher sees it beside how your lessons go. Nobody else in the class does.</p>"
        f'{said}<form method="post" action="/name">{hidden}'
        f'<label for="name">Name</label> <input id="name" name="name" autocomplete="name" '
        f'maxlength="{MOST_NAME_CHARS}" required autofocus> '
        '<button type="submit">Start</button></form>'
    )
    return page("your name", body)


def class_page(report: ClassReport) -> str:
    """The teacher's table as a page that refreshes itself every CLASS_REFRESH_SECONDS."""
    count = len(report.learners)
    head = f'<meta http-equiv="refresh" content="{CLASS_REFRESH_SECONDS}">'
    parts = [f"<h1>The class: {count} learner{'' if count == 1 else 's'}</h1>"]
    if not report.learners:
        parts.append("<p>No learner has kept progress here yet.</p>")
        return page("the class", "".join(parts), head)
    rows = "".join(
        "<tr>"
        f"<td>{escape(row.learner.shown_as)}</td>"
        f"<td>{row.lessons_done} of {report.lessons}</td>"
        f"<td>{row.steps_seen} of {report.steps}</td>"
        f"<td>{row.checks_right} of {report.checks}</td>"
        f"<td>{escape(row.place.words() if row.place else 'not started')}</td>"
        "</tr>"
        for row in report.learners
    )
    parts.append(
        "<table><thead><tr><th>learner</th><th>lessons done</th><th>steps seen</th>"
        "<th>checks right before the answer was shown</th><th>now at</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    parts.append("<h2>Checks most often missed (first answer wrong)</h2>")
    if not report.missed:
        parts.append("<p>None yet.</p>")
    else:
        missed = "".join(
            "<tr>"
            f"<td>{check.missed} of {check.answered}</td>"
            f"<td>{escape(lesson_words(check.entry))}</td><td>{check.step}</td>"
            f"<td>{escape(check.question or '(cannot be read now)')}</td>"
            "</tr>"
            for check in report.missed
        )
        parts.append(
            "<table><thead><tr><th>missed</th><th>lesson</th><th>step</th><th>question</th>"
            f"</tr></thead><tbody>{missed}</tbody></table>"
        )
    notes = [f"{row.learner.shown_as}: {n}" for row in report.learners for n in row.notices]
    parts += [f"<p>{escape(note)}</p>" for note in notes]
    return page("the class", "".join(parts), head)
