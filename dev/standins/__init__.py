"""Stand-ins for SoraShare's external services: `make run` serves them when no credentials are
configured (serve_linkedin, serve_stripe) and the integration tests start them in-process.
Importable as `standins` with dev/ on the path (pytest.ini sets it; scripts run from dev/).

- `OIDCProvider`: a LinkedIn-shaped OpenID Connect provider (authorization code flow) with
  switches for the faults a relying party must survive.
- `SMTPCapture`: an SMTP server that records what the app sends (optional AUTH, STARTTLS and
  temporary 451 failures).

Both bind 127.0.0.1 on a free port and run on background threads.
"""

from .oidc_provider import OIDCProvider
from .smtp_capture import SMTPCapture

__all__ = ["OIDCProvider", "SMTPCapture"]
