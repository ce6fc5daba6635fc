// The stand-in lives in src/testing so the benchmark (compiled into dist) can use it too.
export * from '../../src/testing/fakeSlackApi';
export * from '../../src/testing/slackRequests';
