/** The areas and basemap every map page draws, fetched together (one place for the four URLs). */
import {
	fetchLayer,
	type AreaProperties,
	type Areas,
	type Basemap,
	type BasemapProperties
} from './api';

export interface BaseData {
	district: Areas;
	subdistricts: Areas;
	communities: Areas;
	basemap: Basemap;
}

/**
 * Fetches the district, subdistrict and community boundaries and the basemap, reporting each as
 * it arrives (so the map draws what it has).
 * @param onpart called with each piece as it arrives
 * @throws the first failure
 */
export async function loadBaseData(
	onpart: (part: Partial<BaseData>) => void,
	signal?: AbortSignal
): Promise<void> {
	const level = (l: AreaProperties['level']) =>
		fetchLayer<AreaProperties>(`/api/layers/boundaries?level=${l}`, signal);
	await Promise.all([
		level('district').then((district) => onpart({ district })),
		level('subdistrict').then((subdistricts) => onpart({ subdistricts })),
		level('community').then((communities) => onpart({ communities })),
		fetchLayer<BasemapProperties>('/api/layers/basemap', signal).then((basemap) =>
			onpart({ basemap })
		)
	]);
}
