"""A real SMTP server on 127.0.0.1 for the e-mail tests (aiosmtpd, in a thread).

``serve`` starts one, points the app's ``MAIL_SERVER``/``MAIL_PORT`` at it and
gives a ``Mailbox``: the messages it accepted, parsed, and a switch that makes it
answer every message with a temporary failure (``451``), as a mail server that is
busy does.
"""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage


@dataclass
class Mailbox:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    @staticmethod
    def text(message: EmailMessage) -> str:
        return message.get_body(("plain",)).get_content()

    @staticmethod
    def html(message: EmailMessage) -> str:
        return message.get_body(("html",)).get_content()


PUBLIC_URL = "https://egekh.example.mn"


class _Handler:
    def __init__(self, mailbox: Mailbox) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.mailbox.refuse:
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.mailbox.messages.append(message)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(app) -> Iterator[Mailbox]:
    """Run an SMTP server for the test and point ``app``'s e-mail settings at it (links
    in e-mails start with ``https://egekh.example.mn``); used in a fixture as
    ``yield from serve(base_app)``."""
    from aiosmtpd.controller import Controller

    mailbox = Mailbox(_free_port())
    controller = Controller(_Handler(mailbox), hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=mailbox.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False,
        PUBLIC_URL=PUBLIC_URL,
    )
    try:
        yield mailbox
    finally:
        controller.stop()
