// What `ops doctor <flow>` reports: the troubleshooting flow's steps, each with what was found, and the
// remedies that apply. Pure data; flows build it, the CLI renders it.

import type { Status } from './check.js';

export interface DoctorStep {
  step: string;
  status: Status;
  detail: string;
  evidence?: unknown;
}

export interface DoctorReport {
  flow: 'flow-a' | 'flow-b' | 'flow-c';
  title: string;
  steps: DoctorStep[];
  /** What to do, in the playbook's order, given what the steps found. */
  remedies: string[];
}
