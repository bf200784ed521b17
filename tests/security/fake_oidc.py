"""A fake OpenID Connect provider for the single sign-on tests: a real HTTP server
on localhost with the token, keys and user-info endpoints, signing ID tokens with a
key of its own (RS256), checking the client's secret and its PKCE verifier.

The browser's visit to the authorisation endpoint is played by the test: it reads
the state, nonce and code challenge from the redirect, and ``issue`` hands back a
code for the claims it wants the provider to assert."""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "coventry-performance"
CLIENT_SECRET = "fake-provider-secret"
KEY_ID = "fake-key-1"


class FakeProvider:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict[str, Any]] = {}
        self.token_requests: list[dict[str, str]] = []
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                return None

            def _send(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path == "/jwks":
                    self._send(200, {"keys": [provider.public_jwk()]})
                elif self.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix(
                        "Bearer "
                    )
                    grant = provider.codes.get(token.removeprefix("access-"))
                    if grant is None:
                        self._send(401, {"error": "invalid_token"})
                    else:
                        claims = grant["claims"]
                        # As Entra ID: no groups in the user-info answer.
                        self._send(
                            200, {k: v for k, v in claims.items() if k != "groups"}
                        )
                else:
                    self._send(404, {"error": "not_found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                form = {
                    k: v[0]
                    for k, v in parse_qs(self.rfile.read(length).decode()).items()
                }
                provider.token_requests.append(form)
                grant = provider.codes.get(form.get("code", ""))
                if (
                    self.path != "/token"
                    or grant is None
                    or form.get("client_id") != CLIENT_ID
                    or form.get("client_secret") != CLIENT_SECRET
                    or not provider.pkce_matches(grant, form.get("code_verifier", ""))
                ):
                    self._send(400, {"error": "invalid_grant"})
                    return
                self._send(
                    200,
                    {
                        "access_token": f"access-{form['code']}",
                        "token_type": "Bearer",
                        "id_token": provider.id_token(grant),
                    },
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def settings(self) -> dict[str, Any]:
        return {
            "OIDC_ENABLED": True,
            "OIDC_RP_CLIENT_ID": CLIENT_ID,
            "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "AUTHENTICATION_BACKENDS": [
                "django.contrib.auth.backends.ModelBackend",
                "coventry_pm.accounts.sso.SingleSignOnBackend",
            ],
        }

    def public_jwk(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}

    def issue(
        self,
        *,
        nonce: str,
        code_challenge: str,
        claims: dict[str, Any],
        audience: str = CLIENT_ID,
    ) -> str:
        """The code the provider sends the browser back with."""
        code = f"code-{len(self.codes) + 1}"
        self.codes[code] = {
            "nonce": nonce,
            "challenge": code_challenge,
            "claims": claims,
            "audience": audience,
        }
        return code

    def pkce_matches(self, grant: dict[str, Any], verifier: str) -> bool:
        digest = hashlib.sha256(verifier.encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).decode().rstrip("=")
        return bool(verifier) and challenge == grant["challenge"]

    def id_token(self, grant: dict[str, Any]) -> str:
        now = int(time.time())
        payload = {
            "iss": self.url,
            "aud": grant["audience"],
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            "nonce": grant["nonce"],
            **grant["claims"],
        }
        return jwt.encode(payload, self.key, algorithm="RS256", headers={"kid": KEY_ID})
