// A call bridged to a second number, in the shape of the public call-forwarding and bridging SMA
// samples: an inbound caller (NEW_INBOUND_CALL) or an answered outbound callee (CALL_ANSWERED) is
// bridged to BRIDGE_TO; when either leg hangs up, the handler hangs up whichever leg is still
// connected (the service does not do it for you).
'use strict';

const bridgeTo = process.env.BRIDGE_TO || '+12065550177';

function response(actions) {
  return { SchemaVersion: '1.0', Actions: actions };
}

function callAndBridge(callerIdNumber, destination) {
  return {
    Type: 'CallAndBridge',
    Parameters: {
      CallTimeoutSeconds: 30,
      CallerIdNumber: callerIdNumber,
      Endpoints: [{ BridgeEndpointType: 'PSTN', Uri: destination }],
      // As the DG's own CallAndBridge example does, though its parameter table allows
      // SipHeaders only towards an AWS endpoint.
      SipHeaders: { 'x-source': 'call-console-tests' },
    },
  };
}

function hangup(callId) {
  return { Type: 'Hangup', Parameters: { SipResponseCode: '0', CallId: callId } };
}

exports.handler = async (event) => {
  console.log(JSON.stringify(event));
  const participants = event.CallDetails.Participants;
  switch (event.InvocationEventType) {
    case 'NEW_INBOUND_CALL':
    case 'CALL_ANSWERED':
      return response([callAndBridge(participants[0].From, bridgeTo)]);
    case 'HANGUP':
      return response(participants.filter((p) => p.Status === 'Connected').map((p) => hangup(p.CallId)));
    default:
      return response([]);
  }
};
