"""Serves a Lambda handler file over HTTP for the tests, the way the PSTN audio service invokes it.

Each POST body is the event; handler(event, context) answers and its result is the response body.
A raised exception is answered as Lambda reports a function error (the X-Amz-Function-Error header
and an errorType/errorMessage body), with status 500 so that the simulator counts the invocation as
failed.

    python3 lambda_http.py HANDLER_FILE [FUNCTION_NAME]  -> prints "listening on http://127.0.0.1:PORT"
"""
import http.server
import importlib.util
import json
import os
import sys
import time
import uuid

TIMEOUT_MS = 20000


class Context:
    def __init__(self, function_name):
        self.aws_request_id = str(uuid.uuid4())
        self.function_name = function_name
        self.memory_limit_in_mb = "128"
        self._started = time.monotonic()

    def get_remaining_time_in_millis(self):
        return max(0, int(TIMEOUT_MS - (time.monotonic() - self._started) * 1000))


def load(path, name):
    spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(path))[0], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function = getattr(module, name, None)
    if not callable(function):
        sys.exit(f"{path}: defines no function named {name}")
    return module.__name__, function


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: python3 lambda_http.py HANDLER_FILE [FUNCTION_NAME]")
    function_name, handler = load(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "lambda_handler")

    class Invocation(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            try:
                result = handler(json.loads(body), Context(function_name))
                status, headers, payload = 200, {}, result
            except Exception as error:  # a function error, as Lambda reports one
                status = 500
                headers = {"X-Amz-Function-Error": "Unhandled"}
                payload = {"errorType": type(error).__name__, "errorMessage": str(error)}
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Invocation)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
