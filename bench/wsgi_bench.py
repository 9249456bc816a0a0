"""The app as the benchmark serves it: the rate limit is off (50 clients share one address)."""

from app import create_app

app = create_app({"RATELIMIT_ENABLED": False})
