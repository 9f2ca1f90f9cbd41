"""Where the tests find the project's files (read only: tests never write into the checkout)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_4986977823b55038.txt"
XQUAD = DATA / "xquad-ru-dev"
