// A caller joined to an Amazon Chime SDK meeting after entering its PIN, in the shape of the DG's
// end-to-end use case and the public meeting dial-in samples: PlayAudioAndGetDigits for the PIN,
// then JoinChimeMeeting with the attendee's join token (a real handler gets it from
// CreateAttendee), then the caller's own attendee is unmuted on the meeting leg.
'use strict';

const bucket = 'meeting-prompts';

function response(actions) {
  return { SchemaVersion: '1.0', Actions: actions };
}

function askForPin(callId) {
  return {
    Type: 'PlayAudioAndGetDigits',
    Parameters: {
      CallId: callId,
      AudioSource: { Type: 'S3', BucketName: bucket, Key: 'enter-meeting-pin.wav' },
      FailureAudioSource: { Type: 'S3', BucketName: bucket, Key: 'invalid-meeting-pin.wav' },
      MinNumberOfDigits: 3,
      MaxNumberOfDigits: 5,
      TerminatorDigits: ['#'],
      InBetweenDigitsDurationInMilliseconds: 5000,
      Repeat: 3,
      RepeatDurationInMilliseconds: 10000,
    },
  };
}

exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  const legA = event.CallDetails.Participants[0];
  const data = event.ActionData || {};
  switch (event.InvocationEventType) {
    case 'CALL_ANSWERED':
    case 'NEW_INBOUND_CALL':
      return response([askForPin(legA.CallId)]);
    case 'ACTION_SUCCESSFUL':
      if (data.Type === 'PlayAudioAndGetDigits') {
        const joinToken = `join-token-for-meeting-${data.ReceivedDigits}`;
        return response([{ Type: 'JoinChimeMeeting', Parameters: { JoinToken: joinToken, CallId: legA.CallId } }]);
      }
      if (data.Type === 'JoinChimeMeeting') {
        return response([{
          Type: 'ModifyChimeMeetingAttendees',
          Parameters: { Operation: 'Unmute', MeetingId: 'meeting-1', ParticipantTag: 'LEG-B', AttendeeList: ['attendee-1'] },
        }]);
      }
      return response([]);
    case 'ACTION_FAILED':
      return response([{ Type: 'Hangup', Parameters: { SipResponseCode: '0' } }]);
    default:
      return response([]);
  }
};
