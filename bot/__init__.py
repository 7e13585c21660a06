"""Lapor Wali Kota: the WhatsApp bot's web app. ``create_app()`` is the factory (CONTRACT.md)."""
from __future__ import annotations

import logging

from dotenv import load_dotenv
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from models import MediaStatus, MessageDirection, MessageStatus

from . import spool
from .config import load_settings
from .runtime import Runtime
from .spool_drain import Drainer


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment (and ``.env``); ``test_config`` overrides settings."""
    load_dotenv()
    settings = load_settings(test_config)
    app = Flask(__name__, instance_path=str(settings.instance_dir))
    app.config.update(SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=32 * 1024 * 1024)
    if settings.trusted_proxies:
        # Only the proxies' own headers: the client's address keys the console's sign-in limit.
        hops = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.extensions["lapor"] = Runtime(settings)
    # What an earlier process left in the spool goes in as soon as the database answers.
    app.extensions["lapor_drainer"] = drainer = Drainer(app.extensions["lapor"])
    if not spool.is_empty(settings.instance_dir):
        drainer.wake()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)  # every request's headers, at INFO
    # The pages compare statuses with the same members as the code: ``MessageStatus.HELD``.
    app.jinja_env.globals.update(MediaStatus=MediaStatus, MessageDirection=MessageDirection, MessageStatus=MessageStatus)

    from . import cli, console, health, media, webhooks

    app.register_blueprint(webhooks.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(media.bp)
    cli.init_app(app)
    console.init_app(app, https=settings.public_base_url.startswith("https://"))
    if not settings.uses_twilio:
        from . import simulator

        app.register_blueprint(simulator.bp)
    return app
