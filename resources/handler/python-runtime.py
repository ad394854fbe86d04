"""Call Console's Lambda runtime for Python.

The console starts it with the handler file and talks to it over fd 3, a socket it opened for
this process; stdout and stderr stay the handler's own (print, logging) and become the
invocation's log, as CloudWatch would show it. Frames both ways: a 4-byte big-endian length,
then UTF-8 JSON.
  console -> runtime  {"id":N,"requestId":"...","deadlineMs":EPOCH_MS,"event":{...}}
  runtime -> console  {"type":"ready","runtime":"python 3.x"} once the module is imported, or
                      {"type":"initError","error":{...}} and exit;
                      {"type":"result","id":N,"result":...} or {"type":"error","id":N,"error":{...}}
Errors have Lambda's shape: {"errorType","errorMessage","stackTrace":[...]}.
    python3 python-runtime.py FILE FUNCTION FUNCTION_NAME MEMORY_MB
"""
import importlib
import json
import logging
import os
import platform
import socket
import struct
import sys
import time
import traceback


class Context:
    def __init__(self, request, function_name, memory):
        self.aws_request_id = request["requestId"]
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.memory_limit_in_mb = memory
        self.invoked_function_arn = "arn:aws:lambda:%s:123456789012:function:%s" % (
            os.environ.get("AWS_REGION", "us-east-1"), function_name)
        self.log_group_name = "/aws/lambda/" + function_name
        self.log_stream_name = "callconsole"
        self._deadline_ms = request["deadlineMs"]

    def get_remaining_time_in_millis(self):
        return max(0, int(self._deadline_ms - time.time() * 1000))


def send(channel, message):
    body = json.dumps(message).encode("utf-8")
    channel.sendall(struct.pack(">I", len(body)) + body)


def receive(channel):
    def exactly(count):
        data = b""
        while len(data) < count:
            chunk = channel.recv(count - len(data))
            if not chunk:
                sys.exit(0)  # the console closed the channel
            data += chunk
        return data
    (length,) = struct.unpack(">I", exactly(4))
    return json.loads(exactly(length).decode("utf-8"))


def error_object(error, error_type=None, message=None):
    return {"errorType": error_type or type(error).__name__,
            "errorMessage": message if message is not None else str(error),
            "stackTrace": traceback.format_tb(error.__traceback__)}


def log_error(error):
    sys.stderr.write("[ERROR] %s: %s\n" % (type(error).__name__, error))
    traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    sys.stderr.flush()


def load(path, name):
    folder, base = os.path.split(os.path.abspath(path))
    module_name = os.path.splitext(base)[0]
    sys.path.insert(0, folder)
    try:
        module = importlib.import_module(module_name)
    except SyntaxError as error:
        detail = "".join(traceback.format_exception_only(type(error), error)).rstrip()
        raise LoadError(error, "Runtime.UserCodeSyntaxError",
                        "Syntax error in module '%s': %s" % (module_name, detail))
    except ImportError as error:
        raise LoadError(error, "Runtime.ImportModuleError",
                        "Unable to import module '%s': %s" % (module_name, error))
    function = getattr(module, name, None)
    if not callable(function):
        raise LoadError(None, "Runtime.HandlerNotFound",
                        "Handler '%s' missing on module '%s'" % (name, module_name))
    return function


class LoadError(Exception):
    def __init__(self, cause, error_type, message):
        super().__init__(message)
        self.cause = cause
        self.error_type = error_type


def main():
    path, name, function_name, memory = sys.argv[1:5]
    channel = socket.socket(fileno=3)
    # Lambda's root logger has a handler of its own; without one, logger.info goes nowhere.
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter("[%(levelname)s]\t%(message)s"))
    root.addHandler(handler)
    try:
        function = load(path, name)
    except LoadError as error:
        sys.stderr.write("[ERROR] %s: %s\n" % (error.error_type, error))
        if error.cause is not None:
            traceback.print_exception(type(error.cause), error.cause, error.cause.__traceback__, file=sys.stderr)
        sys.stderr.flush()
        cause = error.cause if error.cause is not None else error
        send(channel, {"type": "initError", "error": error_object(cause, error.error_type, str(error))})
        sys.exit(1)
    except Exception as error:  # the module raised while it was imported
        log_error(error)
        send(channel, {"type": "initError", "error": error_object(error)})
        sys.exit(1)
    send(channel, {"type": "ready", "runtime": "python " + platform.python_version()})
    while True:
        request = receive(channel)
        try:
            result = function(request["event"], Context(request, function_name, memory))
            try:
                message = {"type": "result", "id": request["id"], "result": result}
                json.dumps(message)
            except (TypeError, ValueError) as error:
                raise MarshalError("Unable to marshal response: %s" % error) from None
        except MarshalError as error:
            log_error(error)
            message = {"type": "error", "id": request["id"],
                       "error": error_object(error, "Runtime.MarshalError")}
        except Exception as error:
            log_error(error)
            message = {"type": "error", "id": request["id"], "error": error_object(error)}
        sys.stdout.flush()
        sys.stderr.flush()
        send(channel, message)


class MarshalError(Exception):
    pass


if __name__ == "__main__":
    main()
