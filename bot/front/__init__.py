"""The front: one session layer shared by every front end, rendering, and the front ends (Telegram, console, CLI)."""
