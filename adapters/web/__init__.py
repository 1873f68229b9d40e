"""The team dashboard: a small aiohttp site of aggregate figures, rendered on the server."""
