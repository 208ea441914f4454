#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so the project needs no build step.
import { register } from 'tsx/esm/api';

process.env.TZ ??= 'Europe/Berlin';
register();
const { program } = await import('../src/cli/main.ts');
await program.parseAsync(process.argv);
