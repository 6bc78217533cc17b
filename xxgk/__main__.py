from xxgk.cli import app

app()
