"""Alembic's environment: our metadata, and the URL that ``flask init-db`` passes in."""
from alembic import context

from bot.config import load_settings
from bot.db import make_engine
from models import Base

config = context.config
url = config.attributes.get("database_url") or load_settings().database_url
engine = make_engine(url, for_forking_worker=True)

with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
