// A simulated Ignition edge node on its own MQTT connection: NDEATH as will, NBIRTH + DBIRTHs on every
// connect, a rebirth cycle every intervalMs (scenario.ts), answers NCMD Node Control/Rebirth. The MQTT
// side only; what changes is scenario.ts, the bytes are edge-session.ts. It never writes to the database.
import mqtt, { type IClientOptions } from 'mqtt';
import { AppError } from '../errors.js';
import { isRebirthRequest } from './command.js';
import { EdgeSession, type Message } from './edge-session.js';
import { birthLine, dataLine } from './narration.js';
import { Scenario } from './scenario.js';

export interface EdgeSimulatorOptions {
  mqttUrl: string;
  group?: string;
  edge?: string;
  devices?: number;
  metricsPerDevice?: number;
  intervalMs?: number;
  seed?: number;
  print?: (line: string) => void;
  /** TLS files, credentials, reconnectPeriod, clientId, … (will, clean and queueQoSZero are the simulator's). */
  clientOptions?: IClientOptions;
}

export interface EdgeSimulator {
  stop(): Promise<void>;
  /** Rebirth cycles run so far (cycles are skipped while the connection is down). */
  cycles(): number;
}

const STOP_ACK_MS = 2000;

export async function startEdgeSimulator(opts: EdgeSimulatorOptions): Promise<EdgeSimulator> {
  const group = topicLevel('group', opts.group ?? 'Demo');
  const edge = topicLevel('edge', opts.edge ?? 'Maceira-Edge');
  const intervalMs = positive('intervalMs', opts.intervalMs ?? 5000);
  const scenario = new Scenario({
    devices: positive('devices', opts.devices ?? 2),
    metricsPerDevice: positive('metricsPerDevice', opts.metricsPerDevice ?? 40),
    seed: opts.seed ?? 1,
  });
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const say = (line: string): void => print(`edge ${group}/${edge}: ${line}`);
  const session = new EdgeSession(group, edge);
  const ncmd = session.topic('NCMD');
  const will = () => {
    const { topic, payload } = session.ndeath();
    return { topic, payload, qos: 1 as const, retain: false };
  };

  const client = mqtt.connect(opts.mqttUrl, {
    clientId: `uns-meta-demo-${group}-${edge}`,
    ...opts.clientOptions,
    clean: true,
    resubscribe: false,
    queueQoSZero: false,
    will: will(),
  });
  let born = false;
  let stopping: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let starting: { resolve: () => void; reject: (err: Error) => void } | undefined;

  const publish = (m: Message): void => {
    client.publish(m.topic, m.payload, { qos: 0 }, (err) => {
      if (err) say(`publish to ${m.topic} failed: ${err.message}`);
    });
  };
  const births = (): void => {
    const nbirth = session.nbirth();
    publish(nbirth);
    say(`NBIRTH (${nbirth.metricCount} metrics, bdSeq ${session.bdSeq()})`);
    for (const device of scenario.devices) {
      publish(session.dbirth(device));
      say(birthLine(device.id, device.metrics.length, []));
    }
    born = true;
  };
  const cycle = (): void => {
    // While offline the namespace waits; the births after the reconnect carry the current state anyway.
    if (!born || !client.connected) return;
    const c = scenario.cycle();
    for (const { device, changes } of c.births) {
      publish(session.dbirth(device));
      say(birthLine(device.id, device.metrics.length, changes));
    }
    if (c.data) {
      publish(session.ddata(c.data.device, c.data.metrics));
      say(dataLine(c.data.device.id, c.data.metrics));
    }
  };

  client.on('connect', () => {
    if (stopping) return;
    say(`connected to ${opts.mqttUrl} (bdSeq ${session.bdSeq()})`);
    // Sparkplug: subscribe to NCMD before the NBIRTH, so a host's rebirth request cannot be missed.
    client.subscribe(ncmd, { qos: 1 }, (err) => {
      if (err) say(`cannot subscribe to ${ncmd} (${err.message}); rebirth requests will go unanswered`);
      if (stopping || !client.connected) return;
      births();
      timer ??= setInterval(cycle, intervalMs);
      starting?.resolve();
      starting = undefined;
    });
  });
  client.on('reconnect', () => {
    // A new connection is a new session: the will it registers carries the next bdSeq.
    say(`reconnecting (bdSeq ${session.nextConnection()})`);
    client.options.will = will();
  });
  client.on('close', () => {
    if (born && !stopping) say('connection lost; the broker publishes the NDEATH will');
    born = false;
  });
  client.on('message', (topic, payload) => {
    if (topic !== ncmd || !born) return;
    if (!isRebirthRequest(payload)) {
      say('NCMD ignored (not Node Control/Rebirth = true)');
      return;
    }
    say('NCMD Node Control/Rebirth: republishing NBIRTH and every DBIRTH');
    births();
  });
  client.on('error', (err) => {
    if (!starting) {
      say(`MQTT error: ${err.message}`);
      return;
    }
    starting.reject(
      new AppError(
        'usage',
        `the demo edge node could not connect to ${opts.mqttUrl}: ${err.message}. Check the broker URL and that the broker runs.`,
        { cause: err },
      ),
    );
    starting = undefined;
    client.end(true);
  });

  await new Promise<void>((resolve, reject) => {
    starting = { resolve, reject };
  });

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(timer);
      if (born && client.connected) {
        const ndeath = session.ndeath();
        await Promise.race([
          new Promise<void>((resolve) => client.publish(ndeath.topic, ndeath.payload, { qos: 1 }, () => resolve())),
          new Promise<void>((resolve) => setTimeout(resolve, STOP_ACK_MS).unref()),
        ]);
        say(`NDEATH (bdSeq ${session.bdSeq()}); disconnecting`);
      }
      born = false;
      await client.endAsync(!client.connected);
    })();
    return stopping;
  };
  return { stop, cycles: () => scenario.cycles() };
}

function topicLevel(what: string, v: string): string {
  if (v === '' || /[/+#]/.test(v))
    throw new AppError('usage', `demo ${what} id '${v}' must be a non-empty MQTT topic level without '/', '+' or '#'`);
  return v;
}

function positive(what: string, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new AppError('usage', `demo ${what} must be a positive integer, got ${n}`);
  return n;
}
