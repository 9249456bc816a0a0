"""One blueprint per user-facing area."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.views.areas import bp as areas_bp
    from app.views.auth import bp as auth_bp
    from app.views.main import bp as main_bp

    for blueprint in (main_bp, auth_bp, areas_bp):
        app.register_blueprint(blueprint)
