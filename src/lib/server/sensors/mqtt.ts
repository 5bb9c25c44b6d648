/**
 * The MQTT subscriber (issue 6 §3): `<prefix>sensors/{sensorId}/readings`, QoS 1, a persistent
 * session (clean: false, a stable client id), and every message committed to the database BEFORE
 * its PUBACK: mqtt.js sends the PUBACK from handleMessage's callback, and handles one incoming
 * packet at a time, so a slow database slows consumption (TCP backpressure to the broker) and
 * memory stays bounded by one message.
 *
 * Validation and storage are the HTTP path's ({@link storeReadings}). A message that can never be
 * stored (bad topic, not JSON, too many readings) is acknowledged and counted, never redelivered
 * forever; a reading refused for its content is counted like over HTTP. While the database is
 * unavailable the message is held unacknowledged and retried with backoff; a crash in between
 * leaves it with the broker, which redelivers it — and a repeat is ignored by the idempotent insert.
 */
import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import type { Db } from '../db';
import { log } from '../log';
import {
	ALL_SENSORS,
	databaseUnavailable,
	IngestError,
	readingsOfMessage,
	storeReadings
} from './ingest';

export interface SubscriberOptions {
	url: string;
	clientId: string;
	/** Topic root before `sensors/…`: '' or segments ending in '/'. */
	topicPrefix: string;
	/** Backoff while the database is unavailable (ms); defaults 100 → 5,000. */
	retryMinMs?: number;
	retryMaxMs?: number;
}

export interface SubscriberStats {
	/** Messages committed and acknowledged (malformed ones included). */
	messages: number;
	accepted: number;
	duplicate: number;
	rejected: number;
	/** Messages acknowledged without storing: bad topic, not JSON, empty or too long. */
	malformed: number;
	/** Failed attempts to store (the message was kept and retried). */
	dbErrors: number;
}

export interface Subscriber {
	readonly stats: Readonly<SubscriberStats>;
	/** Resolves once subscribed (first connection). */
	readonly ready: Promise<void>;
	/** Disconnects at once; an uncommitted message stays unacknowledged with the broker. */
	stop(): Promise<void>;
}

/** Statement errors (a bug, not an outage) are retried this often, then the message is dropped. */
const MAX_HARD_FAILURES = 3;

/**
 * The topic filter the subscriber uses.
 *
 * @param prefix - MQTT_TOPIC_PREFIX
 * @returns e.g. 'site-a/sensors/+/readings'
 * @example
 * readingsTopic(''); // 'sensors/+/readings'
 */
export function readingsTopic(prefix: string): string {
	return `${prefix}sensors/+/readings`;
}

/**
 * The sensor id in a readings topic, or null when the topic is not one.
 *
 * @param prefix - MQTT_TOPIC_PREFIX
 * @param topic - a message's topic
 * @returns the sensor id
 * @example
 * sensorOfTopic('', 'sensors/12/readings'); // 12
 */
export function sensorOfTopic(prefix: string, topic: string): number | null {
	if (!topic.startsWith(prefix)) return null;
	const m = /^sensors\/([1-9][0-9]{0,9})\/readings$/.exec(topic.slice(prefix.length));
	if (!m) return null;
	const id = Number(m[1]);
	return id <= 2 ** 31 - 1 ? id : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Connects and subscribes; runs until {@link Subscriber.stop}.
 *
 * @param db - the database
 * @param opts - broker URL, client id, topic prefix
 * @returns the running subscriber
 * @example
 * const sub = startSubscriber(db, { url: 'mqtt://127.0.0.1:1883', clientId: 'jiedao-ingest', topicPrefix: '' });
 */
export function startSubscriber(db: Db, opts: SubscriberOptions): Subscriber {
	const stats: SubscriberStats = {
		messages: 0,
		accepted: 0,
		duplicate: 0,
		rejected: 0,
		malformed: 0,
		dbErrors: 0
	};
	let stopped = false;
	const topic = readingsTopic(opts.topicPrefix);
	const client: MqttClient = mqtt.connect(opts.url, {
		clientId: opts.clientId,
		clean: false,
		protocolVersion: 4,
		reconnectPeriod: 1000,
		connectTimeout: 10_000,
		keepalive: 30
	});

	const malformed = (why: string, t: string) => {
		stats.malformed++;
		stats.messages++;
		log.warn('mqtt: malformed message acknowledged and dropped', {
			why,
			topic: t,
			malformed: stats.malformed
		});
	};

	async function handle(packet: IPublishPacket): Promise<void> {
		const sensor = sensorOfTopic(opts.topicPrefix, packet.topic);
		if (sensor === null) return malformed('topic', packet.topic);
		const items = readingsOfMessage(sensor, packet.payload as Uint8Array);
		if (items === null) return malformed('payload', packet.topic);
		let delay = opts.retryMinMs ?? 100;
		for (let hard = 0; ;) {
			if (stopped) throw new Error('subscriber stopped');
			try {
				const r = await storeReadings(db, ALL_SENSORS, items);
				stats.messages++;
				stats.accepted += r.accepted;
				stats.duplicate += r.duplicate;
				stats.rejected += r.rejected.length;
				if (r.rejected.length > 0) {
					log.debug('mqtt: readings rejected', { sensor, rejected: r.rejected });
				}
				return;
			} catch (e) {
				if (e instanceof IngestError) return malformed(e.message, packet.topic);
				stats.dbErrors++;
				if (!databaseUnavailable(e) && ++hard >= MAX_HARD_FAILURES) {
					log.error('mqtt: message could not be stored; acknowledged and dropped', {
						sensor,
						error: (e as Error).message
					});
					stats.messages++;
					return;
				}
				if (stats.dbErrors % 20 === 1) {
					log.warn('mqtt: database unavailable; message held unacknowledged', {
						error: (e as Error).message,
						retryMs: delay
					});
				}
				await sleep(delay);
				delay = Math.min(delay * 2, opts.retryMaxMs ?? 5000);
			}
		}
	}

	// mqtt.js sends the PUBACK when this callback runs, and takes the next packet only then.
	client.handleMessage = (packet, callback) => {
		if (packet.cmd !== 'publish') return callback();
		handle(packet).then(
			() => callback(),
			// Stopping: no PUBACK; the broker keeps the message for the next session.
			() => {}
		);
	};

	const ready = new Promise<void>((resolve, reject) => {
		client.on('connect', () => {
			client.subscribe(topic, { qos: 1 }, (err) => {
				if (err) {
					log.error('mqtt: subscribe failed', { topic, error: err.message });
					reject(err);
				} else {
					log.info('mqtt: subscribed', { topic, clientId: opts.clientId });
					resolve();
				}
			});
		});
	});
	ready.catch(() => {});
	client.on('error', (e) => log.warn('mqtt: client error', { error: e.message }));

	return {
		stats,
		ready,
		async stop() {
			stopped = true;
			await client.endAsync(true);
		}
	};
}
