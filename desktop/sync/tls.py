"""Which certificates the app trusts for its sync server, and the error when one fails.

By default the operating system's own trust store (through ``truststore``:
Windows' and macOS's verification, the system CA bundle on Linux), so a
certificate the company installed on the laptop is trusted as the browser
trusts it. A server with a certificate authority of its own (a small
deployment serving TLS itself: ``fieldbook-server serve --certfile``) is
trusted by naming that CA's PEM file in the sync settings (``sync_ca_file``);
then only certificates that CA signed are accepted. Verification is never
turned off: a certificate that fails is an :class:`UntrustedServer` error and
nothing is sent.
"""

from __future__ import annotations

import ssl

from desktop.i18n import _
from desktop.sync.errors import SyncError


class UntrustedServer(SyncError):
    """The server's certificate failed verification, or the CA file cannot be used."""


def ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """Certificates checked against ``ca_file`` alone, or else the system's store."""
    if ca_file:
        try:
            return ssl.create_default_context(cafile=ca_file)
        except (OSError, ssl.SSLError) as exc:
            raise UntrustedServer(_(
                "The certificate authority file {path} cannot be used ({error}). Choose "
                "the right file in the sync settings, or clear it to use the system's "
                "certificates.").format(path=ca_file, error=_reason(exc))) from None
    import truststore

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def untrusted(exc: BaseException, ca_file: str | None) -> UntrustedServer | None:
    """The error to show when ``exc`` (from httpx) came from a failed certificate check."""
    seen: BaseException | None = exc
    while seen is not None and not isinstance(seen, ssl.SSLCertVerificationError):
        seen = seen.__cause__ or seen.__context__
    if seen is None:
        return None
    reason = seen.verify_message or _reason(seen)
    if ca_file:
        hint = _("It was checked against the certificate authority in {path}: choose the "
                 "file your administrator gave you in the sync settings.").format(path=ca_file)
    else:
        hint = _("If your company's server uses a certificate authority of its own, choose "
                 "its CA file in the sync settings.")
    return UntrustedServer(_("The server's certificate is not trusted ({reason}), so "
                             "nothing was sent. {hint}").format(reason=reason, hint=hint))


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "strerror", None) or getattr(exc, "reason", None) or exc)
