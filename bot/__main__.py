"""`python -m bot`: the bot's command line."""

import sys

from bot.front.cli import main

sys.exit(main())
