"""`python -m bot`: the bot's command line."""

import sys

from bot.cli import main

sys.exit(main())
