// An inbound call that plays hold music until the application is told otherwise through
// UpdateSipMediaApplicationCall, in the shape of aws-samples' update-call handlers: the
// CALL_UPDATE_REQUESTED event's Arguments decide, the interrupted PlayAudio is only logged.
'use strict';

const holdMusic = { Type: 'S3', BucketName: 'hold-music', Key: 'loop.wav' };
const respond = (actions, attributes) => ({
  SchemaVersion: '1.0',
  Actions: actions,
  ...(attributes ? { TransactionAttributes: attributes } : {}),
});

exports.handler = async (event) => {
  const legA = event.CallDetails.Participants[0];
  switch (event.InvocationEventType) {
    case 'NEW_INBOUND_CALL':
      return respond([{ Type: 'PlayAudio', Parameters: { CallId: legA.CallId, AudioSource: holdMusic, Repeat: 20 } }],
                     { state: 'holding' });
    case 'CALL_UPDATE_REQUESTED': {
      const args = event.ActionData.Parameters.Arguments;
      if (args.action === 'hangup')
        return respond([
          { Type: 'Speak', Parameters: { CallId: legA.CallId, Text: 'Goodbye', Engine: 'neural', VoiceId: 'Joanna' } },
          { Type: 'Hangup', Parameters: { SipResponseCode: '0' } },
        ], { state: 'leaving' });
      return respond([]);
    }
    case 'ACTION_INTERRUPTED':
      console.log('interrupted', event.ActionData.Type);
      return respond([{ Type: 'Hangup', Parameters: { SipResponseCode: '0' } }]); // ignored by the service
    default:
      return respond([]);
  }
};
