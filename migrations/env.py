"""Alembic's environment: our metadata, and the URL that ``flask init-db`` passes in."""
from alembic import context

from bot.config import load_settings
from bot.db import make_engine
from models import Base

config = context.config
url = config.attributes.get("database_url") or load_settings().database_url
engine = make_engine(url, pooled=False)

#: Objects that migrations make outside the models' metadata (PostgreSQL-only indexes).
OUTSIDE_METADATA = {"ix_cases_description_trgm"}


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return name not in OUTSIDE_METADATA


with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, include_object=include_object,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
