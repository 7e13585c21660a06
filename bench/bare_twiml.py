"""The baseline of bench/webhook_throughput.py: a bare Flask app whose one route answers a POST with
empty TwiML, as the bot's webhook does, and nothing else (served by gunicorn like the bot)."""
from flask import Flask, Response

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

app = Flask(__name__)


@app.post("/webhooks/twilio/whatsapp")
def inbound_message():
    return Response(EMPTY_TWIML, mimetype="text/xml")
