"""E-mail: written in the recipient's language, queued in ``mail_message``, then sent.

Every e-mail is first stored (``queue``) and only then sent (``deliver_queued``), so an
e-mail the SMTP server refused, or could not take because it was down, is still there
for the next ``flask notify send``, with its attempts and last error counted. A
message is claimed before it is sent (``claimed_until``), so two runs at the same time
never send it twice.

Transport: SMTP from ``MAIL_SERVER``/``MAIL_PORT``/``MAIL_USERNAME``/``MAIL_PASSWORD``
with STARTTLS (``MAIL_USE_TLS``) or TLS from the start (``MAIL_USE_SSL``); without a
``MAIL_SERVER`` every e-mail is written as an ``.eml`` file under ``instance/mail/``
(``MAIL_FILE_DIR``), so a development copy needs no mail server.

Links in e-mails start with ``PUBLIC_URL`` (``absolute_url``), never with the Host
header of the request that caused the e-mail.
"""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path
from urllib.parse import urlsplit

from flask import after_this_request, current_app
from flask_babel import force_locale
from sqlalchemy import select, update

from app.extensions import db
from app.models import MailMessage, User
from app.models._types import utcnow
from app.models.notifications import MailKind

SMTP_TIMEOUT_SECONDS = 20
# A run that dies while sending leaves its claim; another run may take the message after this.
CLAIM_MINUTES = 10
# E-mails whose body holds a one-time link: the body is emptied once the e-mail is sent.
ONE_TIME_LINK_KINDS = frozenset({MailKind.PASSWORD_RESET, MailKind.INVITATION})
SENT_BODY = "(sent; the one-time link is not kept)"
ERROR_LENGTH = 1000


def absolute_url(endpoint: str, anchor: str | None = None, **values) -> str:
    """The address of ``endpoint`` under ``PUBLIC_URL`` (for e-mails), with ``#anchor``.

    Built from the configured address rather than from any request, so that a forged
    Host header cannot make a password reset e-mail point elsewhere; works without a
    request (``flask notify send``)."""
    public = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(
        public.netloc, script_name=public.path or "/", url_scheme=public.scheme
    )
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{anchor}" if anchor else url


def mail_language(user: User) -> str:
    """The language of ``user``'s e-mails: their choice when the site still offers it,
    else the site's first language (Mongolian by default)."""
    languages = current_app.config["LANGUAGES"]
    return user.email_language if user.email_language in languages else languages[0]


def render(name: str, language: str, **context) -> tuple[str, str]:
    """The plain-text and HTML bodies of ``mail/<name>.txt`` and ``.html`` in ``language``.

    Rendered by the Jinja environment directly (no request is needed, none of the page
    context is added); the HTML template escapes like every page, the text one does not."""
    environment = current_app.jinja_env
    context.setdefault("lang", language)
    with force_locale(language):
        text = environment.get_template(f"mail/{name}.txt").render(**context)
        html = environment.get_template(f"mail/{name}.html").render(**context)
    return text.strip() + "\n", html


def queue(
    user: User | None,
    to_address: str,
    kind: MailKind,
    language: str,
    subject: str,
    body_text: str,
    body_html: str = "",
) -> MailMessage:
    """Store one e-mail to send; flushed, not committed (the caller's transaction keeps
    it with whatever caused it)."""
    message = MailMessage(
        user=user,
        to_address=to_address,
        kind=kind,
        language=language,
        subject=" ".join(subject.split())[:300],
        body_text=body_text,
        body_html=body_html,
        attempts=0,
        last_error="",
    )
    db.session.add(message)
    db.session.flush()
    return message


def as_email(message: MailMessage) -> EmailMessage:
    """The RFC 5322 message: From ``MAIL_FROM``, plain text with an HTML alternative."""
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    name = message.user.display_name if message.user is not None else ""
    email["To"] = formataddr((name, message.to_address)) if name else message.to_address
    email["Subject"] = message.subject
    email["Date"] = formatdate(usegmt=True)
    domain = urlsplit(config["PUBLIC_URL"]).hostname or "localhost"
    email["Message-ID"] = make_msgid(idstring=f"egekh.{message.id}", domain=domain)
    email["Auto-Submitted"] = "auto-generated"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    email["Content-Language"] = message.language
    return email


class SmtpTransport:
    """One SMTP connection for a run, opened at the first e-mail."""

    def __init__(self, config) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        config = self.config
        context = ssl.create_default_context()
        host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
        if config["MAIL_USE_SSL"]:
            connection = smtplib.SMTP_SSL(
                host, port, timeout=SMTP_TIMEOUT_SECONDS, context=context
            )
        else:
            connection = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
            if config["MAIL_USE_TLS"]:
                connection.starttls(context=context)
        if config["MAIL_USERNAME"]:
            connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        return connection

    @property
    def connected(self) -> bool:
        """Whether a connection is open (``False`` after a failure to connect or log in)."""
        return self.connection is not None

    def send(self, message: MailMessage) -> None:
        if self.connection is None:
            self.connection = self._open()
        self.connection.send_message(as_email(message), to_addrs=[message.to_address])

    def reset(self) -> None:
        """Drop the connection after an error (the next e-mail opens a new one)."""
        connection, self.connection = self.connection, None
        if connection is not None:
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()

    close = reset


class FileTransport:
    """Development without a mail server: each e-mail becomes an ``.eml`` file."""

    connected = True

    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)

    def send(self, message: MailMessage) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        address = re.sub(r"[^A-Za-z0-9@._-]", "_", message.to_address)
        stamp = utcnow().strftime("%Y%m%dT%H%M%S")
        path = self.directory / f"{stamp}-{message.id:06d}-{message.kind}-{address}.eml"
        partial = path.with_suffix(".part")
        descriptor = os.open(partial, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(as_email(message).as_bytes())
        partial.replace(path)

    def reset(self) -> None:
        """Nothing to drop."""

    close = reset


def transport():
    """SMTP when ``MAIL_SERVER`` is set, else ``.eml`` files under ``MAIL_FILE_DIR``."""
    config = current_app.config
    if config.get("MAIL_SERVER"):
        return SmtpTransport(config)
    return FileTransport(config["MAIL_FILE_DIR"])


@dataclass
class Delivery:
    """What one delivery run did: e-mails sent, e-mails that failed (still queued) and
    the errors met, one line each."""

    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _claim(message_id: int, now: datetime) -> bool:
    """Hold a queued message for this run (one UPDATE: of two runs, one wins)."""
    free = MailMessage.claimed_until.is_(None) | (MailMessage.claimed_until < now)
    result = db.session.execute(
        update(MailMessage)
        .where(MailMessage.id == message_id, MailMessage.sent_at.is_(None), free)
        .values(claimed_until=now + timedelta(minutes=CLAIM_MINUTES))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount == 1


def deliver_queued(message_ids: list[int] | None = None, now: datetime | None = None) -> Delivery:
    """Send every queued e-mail (or those of ``message_ids``), oldest first, committing
    after each one.

    A sent e-mail gets ``sent_at``; one that fails stays queued with ``attempts`` + 1
    and ``last_error`` (the next run tries it again). When the SMTP server cannot be
    reached at all, the run stops at the first e-mail (the others are left for the next
    run, not counted as attempted)."""
    now = now or utcnow()
    query = select(MailMessage.id).where(MailMessage.sent_at.is_(None)).order_by(MailMessage.id)
    if message_ids is not None:
        query = query.where(MailMessage.id.in_(message_ids))
    ids = list(db.session.scalars(query))
    db.session.commit()
    delivery = Delivery()
    if not ids:
        return delivery
    sender = transport()
    try:
        for message_id in ids:
            if not _claim(message_id, now):
                continue
            message = db.session.get(MailMessage, message_id, populate_existing=True)
            message.attempts = (message.attempts or 0) + 1
            message.last_attempt_at = utcnow()
            message.claimed_until = None
            try:
                sender.send(message)
            except OSError as error:  # smtplib's errors are OSErrors too
                text = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
                message.last_error = text
                db.session.commit()
                delivery.failed += 1
                delivery.errors.append(f"{message.to_address}: {text}")
                unreachable = not sender.connected
                sender.reset()
                if unreachable:
                    break
                continue
            message.sent_at = message.last_attempt_at
            message.last_error = ""
            if message.kind in ONE_TIME_LINK_KINDS:
                message.body_text = SENT_BODY
                message.body_html = ""
            db.session.commit()
            delivery.sent += 1
    finally:
        sender.close()
    return delivery


def send_after_response(message_id: int) -> None:
    """Send the queued ``message_id`` once this request's response has gone out.

    The page answers before the SMTP server is spoken to, so its answer and its time
    are the same whether an e-mail was written or not (a password reset asked for an
    unknown address looks like one for a known address). If the sending fails, the
    e-mail stays queued for ``flask notify send``."""
    application = current_app._get_current_object()

    @after_this_request
    def _after(response):
        def _send() -> None:
            with application.app_context():
                try:
                    deliver_queued([message_id])
                except Exception:  # the e-mail stays queued; the response is long gone
                    application.logger.exception("e-mail %s not sent", message_id)
                finally:
                    db.session.remove()

        response.call_on_close(_send)
        return response
