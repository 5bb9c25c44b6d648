/**
 * The sensors' background work, started and stopped with the app (app.ts): the MQTT subscriber
 * when MQTT_URL is set, and the sweep timer when SENSOR_SWEEP_SECONDS > 0.
 */
import type { Config } from '../config';
import type { Db } from '../db';
import { log } from '../log';
import { startSubscriber, type Subscriber } from './mqtt';
import { sweepSensors } from './sweep';

export interface SensorJobs {
	subscriber: Subscriber | null;
	stop(): Promise<void>;
}

/**
 * Starts what the configuration asks for.
 *
 * @param db - the database
 * @param config - MQTT_URL, MQTT_CLIENT_ID, MQTT_TOPIC_PREFIX, SENSOR_SWEEP_SECONDS
 * @returns a handle to stop them
 * @example
 * const jobs = startSensorJobs(db, config); await jobs.stop();
 */
export function startSensorJobs(
	db: Db,
	config: Pick<Config, 'MQTT_URL' | 'MQTT_CLIENT_ID' | 'MQTT_TOPIC_PREFIX' | 'SENSOR_SWEEP_SECONDS'>
): SensorJobs {
	const subscriber = config.MQTT_URL
		? startSubscriber(db, {
				url: config.MQTT_URL,
				clientId: config.MQTT_CLIENT_ID,
				topicPrefix: config.MQTT_TOPIC_PREFIX
			})
		: null;
	let timer: NodeJS.Timeout | null = null;
	if (config.SENSOR_SWEEP_SECONDS > 0) {
		let busy = false;
		timer = setInterval(() => {
			if (busy) return;
			busy = true;
			sweepSensors(db, new Date())
				.then((r) => {
					if (r.opened.length || r.resolved.length) {
						log.info('sensor sweep', { opened: r.opened.length, resolved: r.resolved.length });
					}
				})
				.catch((e: Error) => log.warn('sensor sweep failed', { error: e.message }))
				.finally(() => (busy = false));
		}, config.SENSOR_SWEEP_SECONDS * 1000);
		timer.unref();
	}
	return {
		subscriber,
		async stop() {
			if (timer) clearInterval(timer);
			await subscriber?.stop();
		}
	};
}
