// Loaded before every test (see .mocharc.json): no test may reach AWS. Dummy credentials, no instance metadata
// lookups, and every AWS endpoint pointed at a closed loopback port, so a call that escapes its mock fails at once
// on this machine instead of leaving it.
'use strict';
process.env.AWS_ACCESS_KEY_ID = 'AKIATESTTESTTESTTEST';
process.env.AWS_SECRET_ACCESS_KEY = 'test-secret-not-real';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
delete process.env.AWS_PROFILE;
