'use strict';
// pdf-parse's bundled pdf.js (about 1 s to compile in each test file), loaded once per jest worker (see environment.js)
module.exports = globalThis.__zhoubaoWorkerRequire('pdf-parse/lib/pdf.js/v1.10.100/build/pdf.js');
