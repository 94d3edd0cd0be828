"""``python -m framing`` runs the command line."""

from framing.cli.app import app

if __name__ == "__main__":
    app(prog_name="framing")
