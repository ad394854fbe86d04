"""Every operation the simulator serves, and one it does not, through boto3 (python3-boto3).

    /usr/bin/python3 operations_boto3.py ENDPOINT_URL   -> one "Operation: result" line each

The simulator runs tests/sdk's account (see tst_sdkoperations): the built-in SMA and numbers,
+12065550177 without a SIP rule, and a number on Voice Connector abcdefghijklmnopqrstu.
"""
import sys

import boto3
from botocore.exceptions import ClientError

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:"
c = boto3.client("chime-sdk-voice", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret")


def report(operation, result):
    print(f"{operation}: {result}", flush=True)


def error_of(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    return None, None


built_in = c.list_sip_media_applications()["SipMediaApplications"][0]["SipMediaApplicationId"]
report("ListSipMediaApplications", built_in)
sma = c.create_sip_media_application(AwsRegion="us-east-1", Name="ivr-v1",
                                     Endpoints=[{"LambdaArn": LAMBDA + "ivr-v1"}])["SipMediaApplication"]
report("CreateSipMediaApplication", sma["Name"])
got = c.get_sip_media_application(SipMediaApplicationId=sma["SipMediaApplicationId"])["SipMediaApplication"]
report("GetSipMediaApplication", got["Endpoints"][0]["LambdaArn"].split(":")[-1])
updated = c.update_sip_media_application(SipMediaApplicationId=sma["SipMediaApplicationId"],
                                         Endpoints=[{"LambdaArn": LAMBDA + "ivr-v2"}])["SipMediaApplication"]
report("UpdateSipMediaApplication", updated["Endpoints"][0]["LambdaArn"].split(":")[-1])
put = c.put_sip_media_application_logging_configuration(
    SipMediaApplicationId=sma["SipMediaApplicationId"],
    SipMediaApplicationLoggingConfiguration={"EnableSipMediaApplicationMessageLogs": True})
report("PutSipMediaApplicationLoggingConfiguration",
       str(put["SipMediaApplicationLoggingConfiguration"]["EnableSipMediaApplicationMessageLogs"]).lower())
logging = c.get_sip_media_application_logging_configuration(SipMediaApplicationId=sma["SipMediaApplicationId"])
report("GetSipMediaApplicationLoggingConfiguration",
       str(logging["SipMediaApplicationLoggingConfiguration"]["EnableSipMediaApplicationMessageLogs"]).lower())
rule = c.create_sip_rule(Name="ivr line", TriggerType="ToPhoneNumber", TriggerValue="+12065550177",
                         TargetApplications=[{"SipMediaApplicationId": sma["SipMediaApplicationId"],
                                              "Priority": 1, "AwsRegion": "us-east-1"}])["SipRule"]
report("CreateSipRule", rule["TriggerValue"])
report("GetSipRule", c.get_sip_rule(SipRuleId=rule["SipRuleId"])["SipRule"]["Name"])
listed = c.list_sip_rules(SipMediaApplicationId=sma["SipMediaApplicationId"])["SipRules"]
report("ListSipRules", len(listed))
disabled = c.update_sip_rule(SipRuleId=rule["SipRuleId"], Name="ivr line", Disabled=True)["SipRule"]
report("UpdateSipRule", str(disabled["Disabled"]).lower())
number = c.get_phone_number(PhoneNumberId="+12065550177")["PhoneNumber"]
report("GetPhoneNumber", ",".join(a["Name"] for a in number["Associations"]))
report("ListPhoneNumbers", len(c.list_phone_numbers()["PhoneNumbers"]))
connectors = c.list_voice_connectors()["VoiceConnectors"]
report("ListVoiceConnectors", connectors[0]["VoiceConnectorId"])
report("GetVoiceConnector", c.get_voice_connector(VoiceConnectorId=connectors[0]["VoiceConnectorId"])
       ["VoiceConnector"]["OutboundHostName"])
call = c.create_sip_media_application_call(FromPhoneNumber="+12065550100", ToPhoneNumber="+12065550186",
                                           SipMediaApplicationId=built_in)
report("CreateSipMediaApplicationCall", len(call["SipMediaApplicationCall"]["TransactionId"]))
code, _ = error_of(c.update_sip_media_application_call, SipMediaApplicationId=built_in,
                   TransactionId="no-such-call", Arguments={})
report("UpdateSipMediaApplicationCall", code)
c.delete_sip_rule(SipRuleId=rule["SipRuleId"])
report("DeleteSipRule", error_of(c.get_sip_rule, SipRuleId=rule["SipRuleId"])[0])
c.delete_sip_media_application(SipMediaApplicationId=sma["SipMediaApplicationId"])
report("DeleteSipMediaApplication", error_of(c.get_sip_media_application,
                                             SipMediaApplicationId=sma["SipMediaApplicationId"])[0])
code, message = error_of(c.create_voice_connector, Name="vc", RequireEncryption=True)
report("CreateVoiceConnector", f"{code} {message.split(' ')[0]}")
