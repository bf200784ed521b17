#!/usr/bin/env python3
"""Container health check: GET /healthz on this machine; exit 0 when it says ok.

Sends the first ALLOWED_HOSTS name and X-Forwarded-Proto: https, as the proxy would,
so production settings neither refuse the host nor redirect to https. Standard
library only: it runs in the image without the virtualenv.
"""

import json
import os
import sys
import urllib.request

url = os.environ.get("HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")
hosts = [h.strip().lstrip(".") for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
host = next((h for h in hosts if h and h != "*"), "localhost")
request = urllib.request.Request(  # noqa: S310 - a fixed local http URL
    url, headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=8) as response:  # noqa: S310
        body = json.load(response)
except Exception as error:  # an HTTP 503 lands here too
    print(f"unhealthy: {error}", file=sys.stderr)
    sys.exit(1)
print(json.dumps(body))
sys.exit(0 if body.get("status") == "ok" else 1)
