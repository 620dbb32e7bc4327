"""The baseline of bench/load.py: a bare Flask "hello world", served by the same gunicorn
settings as Consult (``gunicorn --chdir bench hello:app``). Whatever a page of Consult costs
beyond this is the application's own work."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world!"
