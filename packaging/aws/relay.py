"""Relay Lambda for Call Console: an SMA's endpoint that forwards each invocation event to the
console and returns the console's reply to Chime.

Environment:
  CONSOLE_URL        the console's event URL (https://host/events)
  CONSOLE_SECRET     shared HMAC secret (the console's endpoint verifies it)
  DEADLINE_SECONDS   how long to wait for the console (default 4; Chime allows 5 s)
  FALLBACK_SPEAK     text spoken when the console is unreachable
  FALLBACK_ACTIONS   a JSON array of actions replacing the default fallback
"""
import hashlib
import hmac
import json
import os
import time
import urllib.error
import urllib.request

SCHEMA_VERSION = "1.0"


def signature_header(secret, body, now=None):
    """X-CallConsole-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>."""
    t = str(int(now if now is not None else time.time()))
    mac = hmac.new(secret.encode("utf-8"), t.encode("ascii") + b"." + body, hashlib.sha256)
    return "t=%s,v1=%s" % (t, mac.hexdigest())


def fallback_reply(event):
    actions_text = os.environ.get("FALLBACK_ACTIONS")
    if actions_text:
        actions = json.loads(actions_text)
    else:
        call_id = _first_call_id(event)
        text = os.environ.get("FALLBACK_SPEAK",
                              "Sorry, this service is not available right now. Goodbye.")
        speak = {"Type": "Speak", "Parameters": {"Text": text, "Engine": "neural",
                                                  "LanguageCode": "en-US", "VoiceId": "Joanna"}}
        hangup = {"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}}
        if call_id:
            speak["Parameters"]["CallId"] = call_id
            hangup["Parameters"]["CallId"] = call_id
        actions = [speak, hangup]
    if event.get("InvocationEventType") == "HANGUP":
        actions = []
    return {"SchemaVersion": SCHEMA_VERSION, "Actions": actions}


def _first_call_id(event):
    participants = (event.get("CallDetails") or {}).get("Participants") or []
    for participant in participants:
        if participant.get("CallId"):
            return participant["CallId"]
    return None


def handler(event, context=None):
    url = os.environ.get("CONSOLE_URL", "")
    secret = os.environ.get("CONSOLE_SECRET", "")
    deadline = float(os.environ.get("DEADLINE_SECONDS", "4"))
    if context is not None and hasattr(context, "get_remaining_time_in_millis"):
        # Leave time to answer Chime even when the console hangs.
        deadline = min(deadline, max(0.5, context.get_remaining_time_in_millis() / 1000.0 - 0.5))
    if not url:
        print("relay: CONSOLE_URL is not set; answering with the fallback")
        return fallback_reply(event)
    body = json.dumps(event, separators=(",", ":")).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", "application/json")
    if secret:
        request.add_header("X-CallConsole-Signature", signature_header(secret, body))
    try:
        with urllib.request.urlopen(request, timeout=deadline) as response:
            reply = json.loads(response.read().decode("utf-8"))
        if not isinstance(reply, dict):
            raise ValueError("the console's reply is not a JSON object")
        return reply
    except (urllib.error.URLError, OSError, ValueError) as error:
        # Never log the event body or the secret: the reason is enough to debug the link.
        print("relay: console unreachable or reply unusable (%s); answering with the fallback"
              % type(error).__name__)
        return fallback_reply(event)
