"""Hostile texts an author could write in a Markdown field: each reached the built site before it was sanitized
(the probe report in the team's reviews, commit 43eec16). The security tests run them through `validate` and the
site's renderers; the export tests run them through every export format."""

from __future__ import annotations

ON_LOAD = {
    "cdata-script": "<![CDATA[><script>window.xss=1</script>]]>",
    "comment-img-onerror": "<!--><img src=x onerror=window.xss=1>-->",
    "noscript-title": '<noscript><p title="</noscript><img src=x onerror=window.xss=1>"></noscript>',
    "attr-list-onload": '![A diagram](diagram.svg){ onload="window.xss=1" }',
    "entity-javascript-href": "[click](jav&#x61;script:window.xss=1)",
}
"""Payloads that ran on page load (or, for the link, on a click) in the built site, written in a section body."""

ON_INTERACTION = {
    "attr-list-onclick": '[click](https://example.org){ onclick="window.xss=1" }',
    "attr-list-block": 'A paragraph.\n{: onmouseover="window.xss=1" }',
    "colon-entity": "[click](javascript&colon;window.xss=1)",
    "all-entities": "[c](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.xss=1)",
    "angle-destination": "[click](<javascript:window.xss=1>)",
    "reference-style": "[click][r]\n\n[r]: javascript:window.xss=1",
    "script-tag": "<script>window.xss=1</script>",
    "vbscript": '<a href="vbscript:msgbox(1)">x</a>',
    "data-html": '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "svg-onload": "<svg onload=\"window.xss=1\"></svg>",
    "iframe": '<iframe src="https://example.org"></iframe>',
    "style-attribute": '<p style="background:url(https://example.org/x.png)">a</p>',
    "site-id": '<span id="__search">x</span>',
}
REMOTE = {
    "remote-markdown-image": "![x](https://example.org/x.png)",
    "remote-img": '<img src="https://example.org/x.png" alt="x">',
    "remote-video": '<video src="https://example.org/v.mp4"></video>',
    "remote-audio-source": '<audio><source src="//example.org/a.mp3"></audio>',
}
FRAGMENT_ONLY = {
    "fence-raw-html": "```\n\n<img src=x onerror=alert(1)>\n\n```",
}
"""Safe on a lesson page (superfences makes it code) but HTML in a quiz widget or an export, which `validate` let
through and the sanitizer then changed in silence."""
PAYLOADS = {**ON_LOAD, **ON_INTERACTION, **REMOTE, **FRAGMENT_ONLY}
