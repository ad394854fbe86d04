"""The relay handler against a real `callconsole serve` with the HMAC scheme: the signature is
accepted, the console's reply is passed through to Chime, a wrong secret or a console that is
down gives the fallback reply. The binary's path comes from CALLCONSOLE_BINARY."""
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import relay  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EVENT_FILE = os.path.join(HERE, "..", "..", "tests", "data", "events", "call-answered.json")
SECRET = "console-relay-secret"


class RelayAgainstConsole(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.binary = os.environ.get("CALLCONSOLE_BINARY", "")
        if not os.path.exists(cls.binary):
            raise unittest.SkipTest("CALLCONSOLE_BINARY is not set to a built callconsole")
        cls.tmp = tempfile.TemporaryDirectory()
        secret_file = os.path.join(cls.tmp.name, "secret")
        with open(secret_file, "w") as f:
            f.write(SECRET)
        cls.session = os.path.join(cls.tmp.name, "relay.ccsession")
        cls.serve = subprocess.Popen([cls.binary, "serve", "--hmac-secret-file", secret_file, "--session", cls.session],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = cls.serve.stdout.readline()
        match = re.search(r"listening on (http://\S+)", line)
        if not match:
            cls.serve.kill()
            raise AssertionError("serve did not start: %r" % line)
        cls.url = match.group(1) + "/events"

    @classmethod
    def tearDownClass(cls):
        cls.serve.terminate()
        cls.serve.wait(timeout=30)
        cls.tmp.cleanup()

    def setUp(self):
        self.saved = dict(os.environ)
        os.environ["CONSOLE_URL"] = self.url
        os.environ["CONSOLE_SECRET"] = SECRET
        os.environ["DEADLINE_SECONDS"] = "4"
        with open(EVENT_FILE) as f:
            self.event = json.load(f)

    def tearDown(self):
        os.environ.clear()
        os.environ.update(self.saved)

    def test_console_reply_is_passed_through(self):
        reply = relay.handler(self.event)
        # The console's default CALL_ANSWERED flow, with the leg's CallId filled in.
        self.assertEqual([a["Type"] for a in reply["Actions"]], ["Speak", "Pause", "Hangup"])
        call_id = self.event["CallDetails"]["Participants"][0]["CallId"]
        self.assertEqual(reply["Actions"][0]["Parameters"]["CallId"], call_id)

    def test_wrong_secret_gets_the_fallback(self):
        os.environ["CONSOLE_SECRET"] = "not-the-secret"
        self.event["Sequence"] = 9  # a new body: not a replay of another test's request
        reply = relay.handler(self.event)
        self.assertNotEqual([a["Type"] for a in reply["Actions"]], ["Speak", "Pause", "Hangup"])
        self.assertEqual(reply["Actions"][-1]["Type"], "Hangup")

    def test_console_down_gets_the_fallback(self):
        os.environ["CONSOLE_URL"] = "http://127.0.0.1:9/events"  # discard port: nothing listens
        reply = relay.handler(self.event)
        self.assertEqual(reply["Actions"][-1]["Type"], "Hangup")


if __name__ == "__main__":
    unittest.main()
