// manual.review: the quarterly items no query can answer, listed so the run shows them (SKIP).

import type { OpsCheck } from '../runner.js';

export const manualChecks: OpsCheck[] = [
  {
    id: 'manual.review',
    title: 'Firewall rules and failover configuration (manual review)',
    cadence: 'quarterly',
    unit: '',
    thresholds: { warn: null, crit: null },
    remedy:
      'Review and renew the firewall rules of the cluster endpoints and the failover configuration; record the review in the change log',
    run: async () => ({
      status: 'SKIP',
      evidence: {
        items: ['firewall rules', 'failover configuration'],
        reason: 'not automatable: needs a person with access to the network and the HA setup',
      },
    }),
  },
];
