#!/usr/bin/env node
// The ftp-report command's entry: sets V8's heap limits (heap-tuning.ts) before the program's modules are even
// loaded (compiling them grows the young generation already), then runs the command (command.ts).

import './heap-tuning.js';

await import('./command.js');
