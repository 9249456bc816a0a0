"""The floor: the same gunicorn and Flask answering the same requests with a fixed receipt,
no session, no CSRF, no database. What the stack costs before the application does anything."""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/healthz")
def healthz():
    return "ok"


@app.get("/j/<code>")
def scorecard(code: str):
    return '<form data-csrf="-"></form>'


@app.post("/j/<code>/submit.json")
def send_json(code: str):
    request.get_json()
    return jsonify({"receipt": "ABCD-EFGH", "created": True, "thanks_url": "/"}), 201
