"""Speed and scale benchmark: `make bench` (see bench/run.py and README "Speed and scale")."""
