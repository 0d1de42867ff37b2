"""The app's page: the report's template and modules, served as files instead of inlined.

The page is the report's ``template.html`` with the stylesheets and scripts linked from this
server (``/static/...``) rather than embedded, and ``app.js`` (which asks the JSON endpoints) in
place of ``report.js`` (which reads an embedded payload). The server's Content-Security-Policy
header allows scripts and styles from this server only.
"""

from __future__ import annotations

import html
import re

from multipolar.show.report import LIBRARIES, MODULES, asset, script

SCRIPTS = (*LIBRARIES, *MODULES, "js/app.js")
STYLES = ("report.css", "app.css")
STATIC = {name: ("text/javascript" if name.endswith(".js") else "text/css") for name in (*SCRIPTS, *STYLES)}
"""Every file the page loads, and its type: nothing else is served from ``/static``."""


def static(name: str) -> str:
    """A static file's text (scripts without a source-map comment, as in the report)."""
    return script(name) if name.endswith(".js") else asset(name)


def app_page(title: str) -> str:
    """The app's HTML page."""
    page = asset("template.html")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n', "", page)
    links = "\n".join(f'<link rel="stylesheet" href="static/{name}">' for name in STYLES)
    links += '\n<link rel="icon" href="data:,">'  # no favicon request
    scripts = "\n".join(f'<script src="static/{name}"></script>' for name in SCRIPTS)
    page = page.replace("<style>{{css}}</style>", links)
    page = page.replace(
        '<script type="application/json" id="data">{{data}}</script>\n<script>{{js}}</script>', scripts
    )
    page = page.replace("{{title}}", html.escape(title))
    if "{{" in page:
        raise RuntimeError("template.html changed: the app page has unfilled placeholders")
    return page
