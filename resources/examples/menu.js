// An example SIP media application handler (Node.js): asks the callee to press 1 for sales or
// 2 for support, confirms the choice, remembers it in TransactionAttributes, and hangs up.
// Run it locally:  callconsole serve --handler menu.js
// Test it:         callconsole run-flow menu.flow.json --handler menu.js
'use strict';

const voice = { Engine: 'neural', LanguageCode: 'en-US', VoiceId: 'Joanna' };

function speak(callId, text) {
  return { Type: 'Speak', Parameters: { CallId: callId, Text: text, ...voice } };
}

function hangup(callId) {
  return { Type: 'Hangup', Parameters: { CallId: callId, SipResponseCode: '0' } };
}

function askForChoice(callId) {
  return {
    Type: 'SpeakAndGetDigits',
    Parameters: {
      CallId: callId,
      InputDigitsRegex: '^[12]$',
      SpeechParameters: { Text: 'Press 1 for sales or 2 for support.', ...voice },
      FailureSpeechParameters: { Text: 'Sorry, that is not a choice.', ...voice },
      MinNumberOfDigits: 1,
      MaxNumberOfDigits: 1,
      TerminatorDigits: ['#'],
      RepeatDurationInMilliseconds: 5000,
      Repeat: 1,
    },
  };
}

const teams = { 1: 'sales', 2: 'support' };

exports.handler = async (event) => {
  const callId = event.CallDetails.Participants[0].CallId;
  console.log(`${event.InvocationEventType} seq ${event.Sequence}`);
  let actions = [];
  let attributes;
  switch (event.InvocationEventType) {
    case 'CALL_ANSWERED':
    case 'NEW_INBOUND_CALL':
      actions = [askForChoice(callId)];
      break;
    case 'ACTION_SUCCESSFUL':
      if (event.ActionData.Type === 'SpeakAndGetDigits') {
        const digits = event.ActionData.ReceivedDigits;
        const team = teams[digits] || 'the operator';
        console.log(`caller chose ${digits}: ${team}`);
        attributes = { choice: digits, team };
        actions = [speak(callId, `Connecting you to ${team}.`), hangup(callId)];
      }
      break;
    case 'ACTION_FAILED':
      console.warn(`no choice: ${event.ActionData.ErrorType}`);
      actions = [speak(callId, 'We did not hear a choice. Goodbye.'), hangup(callId)];
      break;
    default:
      break;
  }
  const reply = { SchemaVersion: '1.0', Actions: actions };
  if (attributes)
    reply.TransactionAttributes = attributes;
  return reply;
};
