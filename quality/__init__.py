"""Answer quality of the bot on every question set (`make eval`): a development tool beside `bot`, not part of it."""
