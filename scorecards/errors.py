"""Domain errors carry a machine-readable code; the web layer translates it."""


class DomainError(ValueError):
    """A rule of the domain was broken.

    ``code`` is a stable identifier (e.g. ``"value_out_of_range"``) that the web
    layer maps to a translated sentence; ``field`` names the input at fault when
    one applies; ``params`` carries values the message may need.
    """

    def __init__(self, code: str, field: str | None = None, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params

    def __repr__(self) -> str:
        return f"DomainError(code={self.code!r}, field={self.field!r}, params={self.params!r})"
