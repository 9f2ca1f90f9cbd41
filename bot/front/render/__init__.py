"""Rendering: Telegram HTML (the master copy), split to Telegram's limit; terminal text and JSON made from it."""
