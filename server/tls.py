"""HTTPS without a proxy: ``fieldbook-server serve --certfile PEM --keyfile PEM``.

For a small deployment that has no reverse proxy in front. The certificate and
key are loaded once here before the server starts, so a wrong path, a key that
does not match or a passphrase-protected key is one clear line at the prompt
rather than a traceback from each worker. TLS 1.2 is the least version
accepted; TLS 1.2 ciphers are forward-secret AEAD only (TLS 1.3 brings its own).
"""

from __future__ import annotations

import ssl
from pathlib import Path
from typing import Any

CIPHERS = "ECDHE+AESGCM:ECDHE+CHACHA20:DHE+AESGCM:DHE+CHACHA20:!aNULL:!MD5:!DSS"


def uvicorn_options(certfile: str | None, keyfile: str | None) -> dict[str, Any]:
    """uvicorn's ssl options for the pair, or {} for plain HTTP; ValueError if unusable."""
    if not certfile and not keyfile:
        return {}
    if not certfile or not keyfile:
        raise ValueError("--certfile and --keyfile go together (the certificate and its key)")
    for flag, path in (("--certfile", certfile), ("--keyfile", keyfile)):
        if not Path(path).is_file():
            raise ValueError(f"{flag} {path}: no such file")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        # A password callback that gives none: an encrypted key fails here, not at a prompt.
        context.load_cert_chain(certfile, keyfile, password=lambda: b"")
    except (ssl.SSLError, OSError) as exc:
        raise ValueError(f"the certificate {certfile} and key {keyfile} cannot be used "
                         f"together ({exc.__class__.__name__}: {exc}); the key must be "
                         "unencrypted PEM and match the certificate") from None
    return {"ssl_certfile": certfile, "ssl_keyfile": keyfile,
            "ssl_version": ssl.PROTOCOL_TLS_SERVER, "ssl_ciphers": CIPHERS}
