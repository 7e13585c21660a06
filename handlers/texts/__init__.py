"""The bot's texts by audience and by what binds them; ``handlers.catalog`` reads them."""
