#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the project needs no build step.
import { register } from 'tsx/esm/api';

process.env.TZ ??= 'Europe/Berlin';
register();
const { run } = await import('../src/cli/main.ts');
await run(process.argv);
