"""The bot's memory: questions, errors and 👍/👎 feedback in an SQLite file that survives a restart.

`schema` creates and migrates the database, `writer` is the one thread that touches it (writes
batched off the event loop), `records` and `report` are what is written and read, `store` is the
`Memory` the Telegram front end and `python -m bot stats` use. See docs/memory.md.
"""
