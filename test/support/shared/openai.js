'use strict';
// openai, loaded once per jest worker (see environment.js); jest.mock('openai') still replaces it
module.exports = globalThis.__zhoubaoWorkerRequire('openai');
