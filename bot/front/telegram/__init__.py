"""The Telegram front end: python-telegram-bot handlers over the session layer (see app.py)."""
