"""Every operation the simulator serves, and one it does not, through the AWS CLI (Debian awscli).

    /usr/bin/python3 operations_awscli.py ENDPOINT_URL   -> one "Operation: result" line each

Each command runs through the CLI's own driver (awscli.clidriver, what /usr/bin/aws runs), all
in this one process, so the whole list costs one interpreter start instead of twenty.
"""
import contextlib
import io
import json
import os
import sys

from awscli.clidriver import create_clidriver

os.environ.update(AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="secret",
                  AWS_EC2_METADATA_DISABLED="true", AWS_PAGER="")
ENDPOINT = sys.argv[1]
LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"
driver = create_clidriver()


def aws(*arguments):
    """(exit code, parsed JSON output or None, stderr text)"""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = driver.main(["chime-sdk-voice", *arguments, "--endpoint-url", ENDPOINT,
                            "--region", "us-east-1", "--output", "json"])
    text = out.getvalue().strip()
    return code, json.loads(text) if text else None, err.getvalue()


def ok(*arguments):
    code, result, err = aws(*arguments)
    if code != 0:
        sys.exit(f"aws chime-sdk-voice {' '.join(arguments)} failed ({code}): {err}")
    return result


def error_code(*arguments):
    code, _, err = aws(*arguments)
    if code == 0:
        return None
    # "An error occurred (NotFoundException) when calling the GetSipRule operation: …"
    return err.split("(", 1)[1].split(")", 1)[0], err.split(": ", 1)[-1].strip()


def report(operation, result):
    print(f"{operation}: {result}", flush=True)


built_in = ok("list-sip-media-applications")["SipMediaApplications"][0]["SipMediaApplicationId"]
report("ListSipMediaApplications", built_in)
sma = ok("create-sip-media-application", "--aws-region", "us-east-1", "--name", "ivr-v1",
         "--endpoints", f"LambdaArn={LAMBDA}ivr-v1")["SipMediaApplication"]
sma_id = sma["SipMediaApplicationId"]
report("CreateSipMediaApplication", sma["Name"])
got = ok("get-sip-media-application", "--sip-media-application-id", sma_id)["SipMediaApplication"]
report("GetSipMediaApplication", got["Endpoints"][0]["LambdaArn"].split(":")[-1])
updated = ok("update-sip-media-application", "--sip-media-application-id", sma_id,
             "--endpoints", f"LambdaArn={LAMBDA}ivr-v2")["SipMediaApplication"]
report("UpdateSipMediaApplication", updated["Endpoints"][0]["LambdaArn"].split(":")[-1])
put = ok("put-sip-media-application-logging-configuration", "--sip-media-application-id", sma_id,
         "--sip-media-application-logging-configuration", "EnableSipMediaApplicationMessageLogs=true")
report("PutSipMediaApplicationLoggingConfiguration",
       str(put["SipMediaApplicationLoggingConfiguration"]["EnableSipMediaApplicationMessageLogs"]).lower())
logging = ok("get-sip-media-application-logging-configuration", "--sip-media-application-id", sma_id)
report("GetSipMediaApplicationLoggingConfiguration",
       str(logging["SipMediaApplicationLoggingConfiguration"]["EnableSipMediaApplicationMessageLogs"]).lower())
rule = ok("create-sip-rule", "--name", "ivr line", "--trigger-type", "ToPhoneNumber", "--trigger-value", "+12065550177",
          "--target-applications", f"SipMediaApplicationId={sma_id},Priority=1,AwsRegion=us-east-1")["SipRule"]
report("CreateSipRule", rule["TriggerValue"])
report("GetSipRule", ok("get-sip-rule", "--sip-rule-id", rule["SipRuleId"])["SipRule"]["Name"])
report("ListSipRules", len(ok("list-sip-rules", "--sip-media-application-id", sma_id)["SipRules"]))
disabled = ok("update-sip-rule", "--sip-rule-id", rule["SipRuleId"], "--name", "ivr line", "--disabled")["SipRule"]
report("UpdateSipRule", str(disabled["Disabled"]).lower())
number = ok("get-phone-number", "--phone-number-id", "+12065550177")["PhoneNumber"]
report("GetPhoneNumber", ",".join(a["Name"] for a in number["Associations"]))
report("ListPhoneNumbers", len(ok("list-phone-numbers")["PhoneNumbers"]))
connectors = ok("list-voice-connectors")["VoiceConnectors"]
report("ListVoiceConnectors", connectors[0]["VoiceConnectorId"])
report("GetVoiceConnector", ok("get-voice-connector", "--voice-connector-id", connectors[0]["VoiceConnectorId"])
       ["VoiceConnector"]["OutboundHostName"])
call = ok("create-sip-media-application-call", "--from-phone-number", "+12065550100", "--to-phone-number", "+12065550186",
          "--sip-media-application-id", built_in)
report("CreateSipMediaApplicationCall", len(call["SipMediaApplicationCall"]["TransactionId"]))
report("UpdateSipMediaApplicationCall", error_code("update-sip-media-application-call", "--sip-media-application-id", built_in,
                                                   "--transaction-id", "no-such-call", "--arguments", "a=b")[0])
ok("delete-sip-rule", "--sip-rule-id", rule["SipRuleId"])
report("DeleteSipRule", error_code("get-sip-rule", "--sip-rule-id", rule["SipRuleId"])[0])
ok("delete-sip-media-application", "--sip-media-application-id", sma_id)
report("DeleteSipMediaApplication", error_code("get-sip-media-application", "--sip-media-application-id", sma_id)[0])
code, message = error_code("create-voice-connector", "--name", "vc", "--require-encryption")
report("CreateVoiceConnector", f"{code} {message.split(' ')[0]}")
