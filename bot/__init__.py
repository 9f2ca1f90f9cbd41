"""A Telegram bot that answers Russian questions about an article with verbatim quotes (BM25).

The folders are the stages of one flow, and every import points down it:
seeds/*.txt → `bot.text` (documents, Russian terms) → `bot.search` (BM25 index, ranking, the saved
index) → `bot.qa` (the engine: passages, references, abstention) → `bot.front` (one session layer;
rendering; the Telegram bot, the console, the command line). See docs/architecture.md.
"""
