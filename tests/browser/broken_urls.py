"""The site's URLs plus deliberately broken pages, for the test of the
accessibility checks themselves (tests/browser/test_checks.py)."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

PAGE = """{% extends "base.html" %}{% block title %}Check{% endblock %}
{% block content %}<h1>Find a metric</h1>BODY{% endblock %}"""

BODIES = {
    # A form input with no label: WCAG 1.3.1 and 4.1.2.
    "missing-label": '<form><input type="text" name="q"><button>Search</button></form>',
    # The same form, labelled: no finding.
    "labelled": (
        '<form><label for="q">Metric name</label><input type="text" id="q" '
        'name="q"><button>Search</button></form>'
    ),
    # A chart with nothing beside it to read its figures from.
    "chart-alone": '<div class="chart" data-plotly-figure="none"></div><p>Done.</p>',
    # A link whose focus does not show. (Styles and scripts carry the request's
    # nonce, as the Content-Security-Policy asks of the product's own.)
    "hidden-focus": (
        '<style nonce="{{ request.csp_nonce }}">#home:focus, #home:focus-visible '
        "{ outline: none !important; box-shadow: none !important; "
        "background: none !important; }</style>"
        '<p><a id="home" href="/">Home</a></p>'
    ),
    # A field that keeps the focus: Tab does nothing in it.
    "focus-trap": (
        '<p><label for="q">Metric name</label><input type="text" id="q"></p>'
        '<script nonce="{{ request.csp_nonce }}">document.getElementById("q")'
        '.addEventListener("keydown", e => { if (e.key === "Tab") '
        "e.preventDefault(); });</script>"
        '<p><a href="/">Home</a></p>'
    ),
    # A status symbol without its words.
    "bare-symbol": (
        '<p><span class="status"><span class="symbol" aria-hidden="true">✗</span>'
        "</span></p>"
    ),
}


@login_not_required
def check_page(request: HttpRequest, name: str) -> HttpResponse:
    template = engines["django"].from_string(PAGE.replace("BODY", BODIES[name]))
    return HttpResponse(template.render({}, request))


urlpatterns = [path("checks/<slug:name>/", check_page), *site_urlpatterns]
