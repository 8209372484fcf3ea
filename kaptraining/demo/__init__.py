"""Demo data that tells a true story: `manage.py load_demo` (`make demo`).

The top layer of the project: it may import every app, and no app imports
it. It refuses to run unless settings.KAP_DEMO_ALLOWED (never under
production settings), and a system check refuses demo accounts with the
published password in a production database (checks.py)."""
