"""An outbound notification call, in the shape of the public outbound-call-notifications SMA
sample: the callee hears a reminder, presses 1 to confirm or 2 to cancel (ReceiveDigits), hears
the outcome and the call ends."""
import json


def speak(call_id, text):
    return {"Type": "Speak", "Parameters": {"CallId": call_id, "Text": text, "Engine": "neural", "VoiceId": "Joanna"}}


def receive_digits(call_id):
    return {
        "Type": "ReceiveDigits",
        "Parameters": {
            "CallId": call_id,
            "InputDigitsRegex": "^[12]$",
            "InBetweenDigitsDurationInMilliseconds": 1000,
            "FlushDigitsDurationInMilliseconds": 10000,
        },
    }


def hangup(call_id):
    return {"Type": "Hangup", "Parameters": {"CallId": call_id, "SipResponseCode": "0"}}


def lambda_handler(event, context):
    print(json.dumps(event))
    event_type = event["InvocationEventType"]
    call_id = event["CallDetails"]["Participants"][0]["CallId"]
    attributes = event["CallDetails"].get("TransactionAttributes") or {}
    if event_type == "CALL_ANSWERED":
        actions = [speak(call_id, "Your appointment is tomorrow at ten. Press 1 to confirm or 2 to cancel."),
                   receive_digits(call_id)]
        attributes = {"reminder": "appointment"}
    elif event_type == "DIGITS_RECEIVED":
        confirmed = event["ActionData"]["ReceivedDigits"] == "1"
        attributes["answer"] = "confirmed" if confirmed else "cancelled"
        actions = [speak(call_id, "Thank you, see you tomorrow." if confirmed else "Your appointment is cancelled."),
                   hangup(call_id)]
    else:
        actions = []
    return {"SchemaVersion": "1.0", "Actions": actions, "TransactionAttributes": attributes}
