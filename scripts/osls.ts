// osls (the MIT fork of the Serverless Framework) run from node_modules, no vendor login.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './repo-root.ts';

export const OSLS = join(ROOT, 'node_modules/osls/bin/serverless.js');

export interface CloudFormationResource {
  Type: string;
  Properties: Record<string, any>;
}

/**
 * `osls package` into a temporary folder: the CloudFormation template that `osls deploy`
 * would send, made offline (no credentials needed). `cwd` holds serverless.yml.
 */
export function packageTemplate(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): { template: Record<string, any>; resources: CloudFormationResource[] } {
  const out = mkdtempSync(join(tmpdir(), 'kit-osls-'));
  try {
    const run = spawnSync(process.execPath, [OSLS, 'package', '--package', out, ...args], {
      cwd,
      encoding: 'utf8',
      // No telemetry, no prompts; empty credentials so that nothing can reach AWS.
      env: { ...process.env, CI: 'true', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: undefined, ...env },
      timeout: 120_000,
    });
    if (run.status !== 0) throw new Error(`osls package failed:\n${run.stdout}\n${run.stderr}`);
    const template = JSON.parse(readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8')) as Record<string, any>;
    return { template, resources: Object.values(template.Resources) as CloudFormationResource[] };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** serverless.yml and the files it includes (serverless/), copied into `dir` to package it elsewhere. */
export function copyServiceConfig(dir: string): void {
  copyFileSync(join(ROOT, 'serverless.yml'), join(dir, 'serverless.yml'));
  cpSync(join(ROOT, 'serverless'), join(dir, 'serverless'), { recursive: true });
}
