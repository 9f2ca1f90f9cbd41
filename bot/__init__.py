"""A Telegram bot that answers Russian questions about an article with verbatim quotes (BM25).

Data flows one way: seeds/*.txt → document → analysis → index → answer → render → front ends
(Telegram app, console, CLI).
"""
