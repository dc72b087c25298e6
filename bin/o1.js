#!/usr/bin/env node
// Thin entry: everything lives in the library (dist/src/cli/main.js).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
