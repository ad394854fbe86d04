"""An inbound IVR in the shape public SMA samples use: a menu read with PlayAudioAndGetDigits,
asked again (up to three times) when the caller presses nothing, then routed on the digit.
The attempt count travels in TransactionAttributes, as a stateless Lambda must keep it."""

MENU = {"Type": "S3", "BucketName": "ivr-prompts", "Key": "menu.wav"}
MAX_ATTEMPTS = 3


def response(*actions, attributes=None):
    body = {"SchemaVersion": "1.0", "Actions": list(actions)}
    if attributes is not None:
        body["TransactionAttributes"] = attributes
    return body


def call_id(event):
    return event["CallDetails"]["Participants"][0]["CallId"]


def menu(event, attempt):
    return response({"Type": "PlayAudioAndGetDigits",
                     "Parameters": {"CallId": call_id(event), "AudioSource": MENU,
                                    "FailureAudioSource": {**MENU, "Key": "try-again.wav"},
                                    "MinNumberOfDigits": 1, "MaxNumberOfDigits": 1, "TerminatorDigits": ["#"],
                                    "InBetweenDigitsDurationInMilliseconds": 5000, "Repeat": 1,
                                    "RepeatDurationInMilliseconds": 5000}},
                    attributes={"attempt": str(attempt)})


def speak(event, text):
    return {"Type": "Speak", "Parameters": {"CallId": call_id(event), "Text": text, "Engine": "neural", "VoiceId": "Joanna"}}


def lambda_handler(event, context):
    kind = event["InvocationEventType"]
    attributes = event["CallDetails"].get("TransactionAttributes") or {}
    action = (event.get("ActionData") or {}).get("Type")
    if kind == "NEW_INBOUND_CALL":
        return menu(event, 1)
    if kind == "ACTION_FAILED" and action == "PlayAudioAndGetDigits":
        attempt = int(attributes.get("attempt", "1"))
        if attempt < MAX_ATTEMPTS:
            return menu(event, attempt + 1)
        return response(speak(event, "Sorry, we did not get your choice. Goodbye."), {"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}})
    if kind == "ACTION_SUCCESSFUL" and action == "PlayAudioAndGetDigits":
        digits = event["ActionData"].get("ReceivedDigits", "")
        if digits == "2":
            return response(speak(event, "Connecting you to sales."), {"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}})
        return response({"Type": "PlayAudio", "Parameters": {"CallId": call_id(event), "AudioSource": {**MENU, "Key": "hours.wav"}}},
                        {"Type": "Hangup", "Parameters": {"SipResponseCode": "0"}})
    return response()
