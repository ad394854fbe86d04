// Every operation the simulator serves, and one it does not, through the AWS SDK for JavaScript
// v3 (@aws-sdk/client-chime-sdk-voice, installed into tests/sdk/node_modules by
// scripts/install-deps.sh from package-lock.json).
//   node operations_sdk_js.mjs ENDPOINT_URL   -> one "Operation: result" line each
import * as voice from '@aws-sdk/client-chime-sdk-voice';

const client = new voice.ChimeSDKVoiceClient({
  endpoint: process.argv[2],
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
  maxAttempts: 1,
});
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:';
const send = (name, input = {}) => client.send(new voice[`${name}Command`](input));
const report = (operation, result) => console.log(`${operation}: ${result}`);
async function errorOf(name, input) {
  try {
    await send(name, input);
  } catch (error) {
    return error;
  }
  return null;
}

const builtIn = (await send('ListSipMediaApplications')).SipMediaApplications[0].SipMediaApplicationId;
report('ListSipMediaApplications', builtIn);
const sma = (await send('CreateSipMediaApplication', {
  AwsRegion: 'us-east-1', Name: 'ivr-v1', Endpoints: [{ LambdaArn: `${LAMBDA}ivr-v1` }],
})).SipMediaApplication;
const SipMediaApplicationId = sma.SipMediaApplicationId;
report('CreateSipMediaApplication', sma.Name);
const got = (await send('GetSipMediaApplication', { SipMediaApplicationId })).SipMediaApplication;
report('GetSipMediaApplication', got.Endpoints[0].LambdaArn.split(':').pop());
const updated = (await send('UpdateSipMediaApplication', {
  SipMediaApplicationId, Endpoints: [{ LambdaArn: `${LAMBDA}ivr-v2` }],
})).SipMediaApplication;
report('UpdateSipMediaApplication', updated.Endpoints[0].LambdaArn.split(':').pop());
const put = await send('PutSipMediaApplicationLoggingConfiguration', {
  SipMediaApplicationId, SipMediaApplicationLoggingConfiguration: { EnableSipMediaApplicationMessageLogs: true },
});
report('PutSipMediaApplicationLoggingConfiguration', put.SipMediaApplicationLoggingConfiguration.EnableSipMediaApplicationMessageLogs);
const logging = await send('GetSipMediaApplicationLoggingConfiguration', { SipMediaApplicationId });
report('GetSipMediaApplicationLoggingConfiguration', logging.SipMediaApplicationLoggingConfiguration.EnableSipMediaApplicationMessageLogs);
const rule = (await send('CreateSipRule', {
  Name: 'ivr line', TriggerType: 'ToPhoneNumber', TriggerValue: '+12065550177',
  TargetApplications: [{ SipMediaApplicationId, Priority: 1, AwsRegion: 'us-east-1' }],
})).SipRule;
report('CreateSipRule', rule.TriggerValue);
report('GetSipRule', (await send('GetSipRule', { SipRuleId: rule.SipRuleId })).SipRule.Name);
report('ListSipRules', (await send('ListSipRules', { SipMediaApplicationId })).SipRules.length);
const disabled = (await send('UpdateSipRule', { SipRuleId: rule.SipRuleId, Name: 'ivr line', Disabled: true })).SipRule;
report('UpdateSipRule', disabled.Disabled);
const number = (await send('GetPhoneNumber', { PhoneNumberId: '+12065550177' })).PhoneNumber;
report('GetPhoneNumber', number.Associations.map((a) => a.Name).join(','));
report('ListPhoneNumbers', (await send('ListPhoneNumbers')).PhoneNumbers.length);
const connectors = (await send('ListVoiceConnectors')).VoiceConnectors;
report('ListVoiceConnectors', connectors[0].VoiceConnectorId);
report('GetVoiceConnector', (await send('GetVoiceConnector', { VoiceConnectorId: connectors[0].VoiceConnectorId })).VoiceConnector.OutboundHostName);
const call = await send('CreateSipMediaApplicationCall', {
  FromPhoneNumber: '+12065550100', ToPhoneNumber: '+12065550186', SipMediaApplicationId: builtIn,
});
report('CreateSipMediaApplicationCall', call.SipMediaApplicationCall.TransactionId.length);
report('UpdateSipMediaApplicationCall', (await errorOf('UpdateSipMediaApplicationCall', {
  SipMediaApplicationId: builtIn, TransactionId: 'no-such-call', Arguments: {},
})).name);
await send('DeleteSipRule', { SipRuleId: rule.SipRuleId });
report('DeleteSipRule', (await errorOf('GetSipRule', { SipRuleId: rule.SipRuleId })).name);
await send('DeleteSipMediaApplication', { SipMediaApplicationId });
report('DeleteSipMediaApplication', (await errorOf('GetSipMediaApplication', { SipMediaApplicationId })).name);
const refused = await errorOf('CreateVoiceConnector', { Name: 'vc', RequireEncryption: true });
report('CreateVoiceConnector', `${refused.name} ${refused.message.split(' ')[0]}`);
