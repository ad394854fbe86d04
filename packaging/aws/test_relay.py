"""Unit tests of the relay handler against a real HTTP server on loopback."""
import hashlib
import hmac
import http.server
import json
import os
import socket
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import relay  # noqa: E402

SECRET = "relay-test-secret"
EVENT = {
    "SchemaVersion": "1.0", "Sequence": 1, "InvocationEventType": "NEW_INBOUND_CALL",
    "CallDetails": {"TransactionId": "t-1", "Participants": [{"CallId": "c-1", "ParticipantTag": "LEG-A"}]},
}


class ConsoleHandler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
        if self.server.delay:
            time.sleep(self.server.delay)
        header = self.headers.get("X-CallConsole-Signature", "")
        parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
        expected = hmac.new(SECRET.encode(), parts.get("t", "").encode() + b"." + body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(parts.get("v1", ""), expected):
            self.send_response(401)
            self.end_headers()
            return
        reply = json.dumps({"SchemaVersion": "1.0", "Actions": [{"Type": "Pause", "Parameters": {"DurationInMilliseconds": "1000"}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


class RelayTest(unittest.TestCase):
    def setUp(self):
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), ConsoleHandler)
        self.server.received = []
        self.server.delay = 0
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.saved = dict(os.environ)
        os.environ["CONSOLE_URL"] = "http://127.0.0.1:%d/events" % self.server.server_port
        os.environ["CONSOLE_SECRET"] = SECRET
        os.environ["DEADLINE_SECONDS"] = "4"
        for name in ("FALLBACK_ACTIONS", "FALLBACK_SPEAK"):
            os.environ.pop(name, None)

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        os.environ.clear()
        os.environ.update(self.saved)

    def test_signed_event_and_reply_passed_through(self):
        reply = relay.handler(EVENT)
        self.assertEqual(reply["Actions"][0]["Type"], "Pause")
        headers, body = self.server.received[0]
        self.assertEqual(json.loads(body), EVENT)
        self.assertRegex(headers["x-callconsole-signature"], r"^t=\d+,v1=[0-9a-f]{64}$")

    def test_signature_scheme(self):
        header = relay.signature_header("k", b"{}", now=1700000000)
        expected = hmac.new(b"k", b"1700000000.{}", hashlib.sha256).hexdigest()
        self.assertEqual(header, "t=1700000000,v1=" + expected)

    def test_wrong_secret_falls_back(self):
        os.environ["CONSOLE_SECRET"] = "wrong"
        reply = relay.handler(EVENT)
        self.assertEqual([a["Type"] for a in reply["Actions"]], ["Speak", "Hangup"])

    def test_console_down_falls_back_with_call_id(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        os.environ["CONSOLE_URL"] = "http://127.0.0.1:%d/events" % port
        os.environ["FALLBACK_SPEAK"] = "We will call you back."
        reply = relay.handler(EVENT)
        self.assertEqual(reply["Actions"][0]["Parameters"]["Text"], "We will call you back.")
        self.assertEqual(reply["Actions"][0]["Parameters"]["CallId"], "c-1")
        self.assertEqual(reply["Actions"][1]["Type"], "Hangup")

    def test_slow_console_falls_back_within_deadline(self):
        self.server.delay = 3
        os.environ["DEADLINE_SECONDS"] = "0.5"
        reply = relay.handler(EVENT)
        self.assertEqual(reply["Actions"][-1]["Type"], "Hangup")

    def test_configured_fallback_actions(self):
        os.environ["CONSOLE_URL"] = ""
        os.environ["FALLBACK_ACTIONS"] = json.dumps([{"Type": "Hangup", "Parameters": {"SipResponseCode": "480"}}])
        reply = relay.handler(EVENT)
        self.assertEqual(reply["Actions"], [{"Type": "Hangup", "Parameters": {"SipResponseCode": "480"}}])

    def test_hangup_event_fallback_has_no_actions(self):
        os.environ["CONSOLE_URL"] = ""
        reply = relay.handler(dict(EVENT, InvocationEventType="HANGUP"))
        self.assertEqual(reply["Actions"], [])


if __name__ == "__main__":
    unittest.main()
