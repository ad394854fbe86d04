"""An example SIP media application handler (Python): asks the callee to press 1 for sales or
2 for support, confirms the choice, remembers it in TransactionAttributes, and hangs up.

Run it locally:  callconsole serve --handler menu.py
Test it:         callconsole run-flow menu.flow.json --handler menu.py
"""
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)

VOICE = {"Engine": "neural", "LanguageCode": "en-US", "VoiceId": "Joanna"}
TEAMS = {"1": "sales", "2": "support"}


def speak(call_id, text):
    return {"Type": "Speak", "Parameters": {"CallId": call_id, "Text": text, **VOICE}}


def hangup(call_id):
    return {"Type": "Hangup", "Parameters": {"CallId": call_id, "SipResponseCode": "0"}}


def ask_for_choice(call_id):
    return {"Type": "SpeakAndGetDigits", "Parameters": {
        "CallId": call_id,
        "InputDigitsRegex": "^[12]$",
        "SpeechParameters": {"Text": "Press 1 for sales or 2 for support.", **VOICE},
        "FailureSpeechParameters": {"Text": "Sorry, that is not a choice.", **VOICE},
        "MinNumberOfDigits": 1,
        "MaxNumberOfDigits": 1,
        "TerminatorDigits": ["#"],
        "RepeatDurationInMilliseconds": 5000,
        "Repeat": 1,
    }}


def lambda_handler(event, context):
    call_id = event["CallDetails"]["Participants"][0]["CallId"]
    event_type = event["InvocationEventType"]
    logger.info("%s seq %d", event_type, event["Sequence"])
    actions = []
    attributes = None
    if event_type in ("CALL_ANSWERED", "NEW_INBOUND_CALL"):
        actions = [ask_for_choice(call_id)]
    elif event_type == "ACTION_SUCCESSFUL" and event["ActionData"]["Type"] == "SpeakAndGetDigits":
        digits = event["ActionData"]["ReceivedDigits"]
        team = TEAMS.get(digits, "the operator")
        logger.info("caller chose %s: %s", digits, team)
        attributes = {"choice": digits, "team": team}
        actions = [speak(call_id, "Connecting you to %s." % team), hangup(call_id)]
    elif event_type == "ACTION_FAILED":
        logger.warning("no choice: %s", event["ActionData"]["ErrorType"])
        actions = [speak(call_id, "We did not hear a choice. Goodbye."), hangup(call_id)]
    reply = {"SchemaVersion": "1.0", "Actions": actions}
    if attributes:
        reply["TransactionAttributes"] = attributes
    return reply
