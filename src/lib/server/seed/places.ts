/**
 * Hand-placed geography of the demo: where the 14 subdistricts of Lixia lie (their real names,
 * seed points at roughly their real positions, in the boundary file's GCJ-02-ish coordinates),
 * community name pools, the sketched basemap (moat, river, Daming Lake, main roads, hills) and
 * incident hot spots. Everything inside the district is generated; these only steer it.
 */

export const DISTRICT = {
	code: '370102000000',
	name: '历下区',
	nameEn: 'Lixia District'
} as const;

export interface SubdistrictSeed {
	/** The 3-digit subdistrict part of the code (001–099 are subdistricts). */
	seq: number;
	name: string;
	nameEn: string;
	/** Approximate centre: the Voronoi seed, before jitter. */
	lon: number;
	lat: number;
	/** Community names to draw from (at least 8), zh + English. */
	communities: readonly (readonly [string, string])[];
}

/**
 * The old town (north-west) has small, dense subdistricts; the east and the southern hills have
 * large ones — the Voronoi cells of these seeds come out that way because the seeds are denser
 * in the north-west.
 */
export const SUBDISTRICTS: readonly SubdistrictSeed[] = [
	{
		seq: 1,
		name: '解放路街道',
		nameEn: 'Jiefanglu Subdistrict',
		lon: 117.047,
		lat: 36.666,
		communities: [
			['窑头路社区', 'Yaotoulu Community'],
			['青龙后街社区', 'Qinglonghoujie Community'],
			['和平新村社区', 'Hepingxincun Community'],
			['历山东路社区', 'Lishandonglu Community'],
			['解放路社区', 'Jiefanglu Community'],
			['山师北街社区', 'Shanshibeijie Community'],
			['文化西路社区', 'Wenhuaxilu Community'],
			['朝山街社区', 'Chaoshanjie Community']
		]
	},
	{
		seq: 2,
		name: '千佛山街道',
		nameEn: 'Qianfoshan Subdistrict',
		lon: 117.035,
		lat: 36.645,
		communities: [
			['历山路社区', 'Lishanlu Community'],
			['佛山苑社区', 'Foshanyuan Community'],
			['千佛山社区', 'Qianfoshan Community'],
			['燕子山社区', 'Yanzishan Community'],
			['山师东路社区', 'Shanshidonglu Community'],
			['经十一路社区', 'Jingshiyilu Community'],
			['南圩门社区', 'Nanweimen Community'],
			['佛山街社区', 'Foshanjie Community']
		]
	},
	{
		seq: 3,
		name: '趵突泉街道',
		nameEn: 'Baotuquan Subdistrict',
		lon: 117.021,
		lat: 36.657,
		communities: [
			['剪子巷社区', 'Jianzixiang Community'],
			['趵突泉社区', 'Baotuquan Community'],
			['泺源社区', 'Luoyuan Community'],
			['永长街社区', 'Yongchangjie Community'],
			['大板桥社区', 'Dabanqiao Community'],
			['南门社区', 'Nanmen Community'],
			['正觉寺社区', 'Zhengjuesi Community'],
			['黑虎泉社区', 'Heihuquan Community']
		]
	},
	{
		seq: 4,
		name: '泉城路街道',
		nameEn: 'Quanchenglu Subdistrict',
		lon: 117.03,
		lat: 36.664,
		communities: [
			['芙蓉街社区', 'Furongjie Community'],
			['县西巷社区', 'Xianxixiang Community'],
			['省府前街社区', 'Shengfuqianjie Community'],
			['珍珠泉社区', 'Zhenzhuquan Community'],
			['西更道社区', 'Xigengdao Community'],
			['贡院墙根社区', 'Gongyuanqianggen Community'],
			['马市街社区', 'Mashijie Community'],
			['舜井街社区', 'Shunjingjie Community']
		]
	},
	{
		seq: 5,
		name: '大明湖街道',
		nameEn: 'Daminghu Subdistrict',
		lon: 117.024,
		lat: 36.675,
		communities: [
			['鞭指巷社区', 'Bianzhixiang Community'],
			['曲水亭社区', 'Qushuiting Community'],
			['百花洲社区', 'Baihuazhou Community'],
			['明湖东路社区', 'Minghudonglu Community'],
			['秋柳园社区', 'Qiuliuyuan Community'],
			['后宰门社区', 'Houzaimen Community'],
			['大明湖社区', 'Daminghu Community'],
			['司家码头社区', 'Sijiamatou Community']
		]
	},
	{
		seq: 6,
		name: '东关街道',
		nameEn: 'Dongguan Subdistrict',
		lon: 117.04,
		lat: 36.677,
		communities: [
			['东关大街社区', 'Dongguandajie Community'],
			['南券门巷社区', 'Nanquanmenxiang Community'],
			['山水沟社区', 'Shanshuigou Community'],
			['青龙街社区', 'Qinglongjie Community'],
			['北园路社区', 'Beiyuanlu Community'],
			['东仓社区', 'Dongcang Community'],
			['棉花市社区', 'Mianhuashi Community'],
			['孟家园社区', 'Mengjiayuan Community']
		]
	},
	{
		seq: 7,
		name: '文东街道',
		nameEn: 'Wendong Subdistrict',
		lon: 117.06,
		lat: 36.664,
		communities: [
			['文东社区', 'Wendong Community'],
			['东环社区', 'Donghuan Community'],
			['山大南路社区', 'Shandananlu Community'],
			['青年东路社区', 'Qingniandonglu Community'],
			['燕子山路社区', 'Yanzishanlu Community'],
			['东泺河社区', 'Dongluohe Community'],
			['历山名郡社区', 'Lishanmingjun Community'],
			['文化东路社区', 'Wenhuadonglu Community']
		]
	},
	{
		seq: 8,
		name: '建新街道',
		nameEn: 'Jianxin Subdistrict',
		lon: 117.056,
		lat: 36.65,
		communities: [
			['建新社区', 'Jianxin Community'],
			['桑园路社区', 'Sangyuanlu Community'],
			['工人新村社区', 'Gongrenxincun Community'],
			['和平路社区', 'Hepinglu Community'],
			['盛福庄社区', 'Shengfuzhuang Community'],
			['花园路社区', 'Huayuanlu Community'],
			['新东门社区', 'Xindongmen Community'],
			['二环东路社区', 'Erhuandonglu Community']
		]
	},
	{
		seq: 9,
		name: '甸柳街道',
		nameEn: 'Dianliu Subdistrict',
		lon: 117.078,
		lat: 36.66,
		communities: [
			['甸柳庄社区', 'Dianliuzhuang Community'],
			['甸柳第一社区', 'Dianliu First Community'],
			['荆山东路社区', 'Jingshandonglu Community'],
			['燕翔社区', 'Yanxiang Community'],
			['洪山社区', 'Hongshan Community'],
			['甸新社区', 'Dianxin Community'],
			['山大路东社区', 'Shandaludong Community'],
			['荆山社区', 'Jingshan Community']
		]
	},
	{
		seq: 10,
		name: '燕山街道',
		nameEn: 'Yanshan Subdistrict',
		lon: 117.077,
		lat: 36.645,
		communities: [
			['燕山社区', 'Yanshan Community'],
			['化纤厂路社区', 'Huaxianchanglu Community'],
			['羊头峪社区', 'Yangtouyu Community'],
			['燕文社区', 'Yanwen Community'],
			['燕东社区', 'Yandong Community'],
			['山水社区', 'Shanshui Community'],
			['燕子山庄社区', 'Yanzishanzhuang Community'],
			['茂岭社区', 'Maoling Community']
		]
	},
	{
		seq: 11,
		name: '姚家街道',
		nameEn: 'Yaojia Subdistrict',
		lon: 117.102,
		lat: 36.652,
		communities: [
			['姚家庄社区', 'Yaojiazhuang Community'],
			['窑头社区', 'Yaotou Community'],
			['丁家庄社区', 'Dingjiazhuang Community'],
			['环山路社区', 'Huanshanlu Community'],
			['东荷苑社区', 'Dongheyuan Community'],
			['浆水泉路社区', 'Jiangshuiquanlu Community'],
			['鲁能康桥社区', 'Luneng Kangqiao Community'],
			['燕山新居社区', 'Yanshanxinju Community']
		]
	},
	{
		seq: 12,
		name: '龙洞街道',
		nameEn: 'Longdong Subdistrict',
		lon: 117.108,
		lat: 36.618,
		communities: [
			['龙洞庄社区', 'Longdongzhuang Community'],
			['孟家庄社区', 'Mengjiazhuang Community'],
			['锦屏山庄社区', 'Jinpingshanzhuang Community'],
			['旅游路社区', 'Lvyoulu Community'],
			['佛慧山社区', 'Fohuishan Community'],
			['黄金山庄社区', 'Huangjinshanzhuang Community'],
			['锦绣城社区', 'Jinxiucheng Community'],
			['三官庙社区', 'Sanguanmiao Community']
		]
	},
	{
		seq: 13,
		name: '智远街道',
		nameEn: 'Zhiyuan Subdistrict',
		lon: 117.112,
		lat: 36.682,
		communities: [
			['智远社区', 'Zhiyuan Community'],
			['茂岭山社区', 'Maolingshan Community'],
			['东辛庄社区', 'Dongxinzhuang Community'],
			['甸新东路社区', 'Dianxindonglu Community'],
			['祝甸社区', 'Zhudian Community'],
			['花园东路社区', 'Huayuandonglu Community'],
			['全福庄社区', 'Quanfuzhuang Community'],
			['华信路社区', 'Huaxinlu Community']
		]
	},
	{
		seq: 14,
		name: '舜华路街道',
		nameEn: 'Shunhualu Subdistrict',
		lon: 117.152,
		lat: 36.68,
		communities: [
			['舜华路社区', 'Shunhualu Community'],
			['汉峪社区', 'Hanyu Community'],
			['齐鲁软件园社区', 'Qilu Software Park Community'],
			['舜风路社区', 'Shunfenglu Community'],
			['新泺大街社区', 'Xinluodajie Community'],
			['奥体中路社区', 'Aotizhonglu Community'],
			['康虹路社区', 'Kanghonglu Community'],
			['舜泰广场社区', 'Shuntai Plaza Community']
		]
	}
];

/** A sketched basemap feature; lines and rings as [lon, lat] lists, clipped to the district. */
export interface BasemapSketch {
	kind: 'river' | 'lake' | 'road' | 'park';
	name: string;
	nameEn: string;
	/** A LineString (river, road) or a closed ring (lake, park). */
	coords: readonly (readonly [number, number])[];
}

/** An ellipse as a closed ring: lakes and hills are drawn this way, slightly wobbly. */
function blob(
	lon: number,
	lat: number,
	rx: number,
	ry: number,
	wobble: readonly number[]
): [number, number][] {
	const n = 24;
	const ring: [number, number][] = [];
	for (let k = 0; k < n; k++) {
		const a = (2 * Math.PI * k) / n;
		const w = 1 + (wobble[k % wobble.length] ?? 0);
		ring.push([round6(lon + rx * w * Math.cos(a)), round6(lat + ry * w * Math.sin(a))]);
	}
	const first = ring[0];
	if (first) ring.push(first);
	return ring;
}

function round6(x: number): number {
	return Math.round(x * 1e6) / 1e6;
}

export const BASEMAP: readonly BasemapSketch[] = [
	{
		kind: 'lake',
		name: '大明湖',
		nameEn: 'Daming Lake',
		coords: blob(117.0255, 36.6745, 0.0065, 0.0028, [0.05, -0.04, 0.08, 0, -0.06, 0.03])
	},
	{
		kind: 'river',
		name: '护城河',
		nameEn: 'City Moat',
		// A closed loop around the old town, meeting the lake on its north side.
		coords: [
			[117.0188, 36.6705],
			[117.0186, 36.6635],
			[117.0192, 36.6588],
			[117.0245, 36.6572],
			[117.0331, 36.657],
			[117.0398, 36.6584],
			[117.0412, 36.6632],
			[117.0405, 36.6702],
			[117.0335, 36.6716],
			[117.0245, 36.6712],
			[117.0188, 36.6705]
		]
	},
	{
		kind: 'river',
		name: '东泺河',
		nameEn: 'Dongluo River',
		// Out of the moat's north-east corner and east across the north of the district.
		coords: [
			[117.0405, 36.6702],
			[117.0515, 36.6655],
			[117.0632, 36.664],
			[117.0748, 36.6648],
			[117.0862, 36.669],
			[117.0968, 36.6768],
			[117.1083, 36.6821],
			[117.1215, 36.6858],
			[117.1362, 36.6873],
			[117.1507, 36.6889],
			[117.1628, 36.6868]
		]
	},
	{
		kind: 'road',
		name: '经十路',
		nameEn: 'Jingshi Road',
		coords: [
			[117.0, 36.6513],
			[117.06, 36.6511],
			[117.12, 36.6509],
			[117.19, 36.6507]
		]
	},
	{
		kind: 'road',
		name: '解放路',
		nameEn: 'Jiefang Road',
		coords: [
			[117.04, 36.6668],
			[117.085, 36.6662],
			[117.135, 36.6655]
		]
	},
	{
		kind: 'road',
		name: '工业南路',
		nameEn: 'Gongye South Road',
		coords: [
			[117.095, 36.6921],
			[117.14, 36.6927],
			[117.19, 36.6933]
		]
	},
	{
		kind: 'road',
		name: '历山路',
		nameEn: 'Lishan Road',
		coords: [
			[117.0452, 36.63],
			[117.0455, 36.66],
			[117.0458, 36.69]
		]
	},
	{
		kind: 'road',
		name: '二环东路',
		nameEn: 'East 2nd Ring Road',
		coords: [
			[117.0815, 36.6],
			[117.0822, 36.65],
			[117.083, 36.705]
		]
	},
	{
		kind: 'road',
		name: '奥体中路',
		nameEn: 'Aoti Middle Road',
		coords: [
			[117.1215, 36.59],
			[117.1218, 36.65],
			[117.1222, 36.715]
		]
	},
	{
		kind: 'road',
		name: '旅游路',
		nameEn: 'Lvyou Road',
		coords: [
			[117.04, 36.6372],
			[117.075, 36.6285],
			[117.11, 36.6225],
			[117.14, 36.6195]
		]
	},
	{
		kind: 'park',
		name: '千佛山',
		nameEn: 'Qianfo Mountain',
		coords: blob(117.0365, 36.6425, 0.0075, 0.0045, [0.1, -0.05, 0.12, -0.08, 0.04, 0])
	},
	{
		kind: 'park',
		name: '佛慧山',
		nameEn: 'Fohui Mountain',
		coords: blob(117.0865, 36.6215, 0.0075, 0.0045, [0, 0.08, -0.06, 0.1, -0.03])
	},
	{
		kind: 'park',
		name: '龙洞风景区',
		nameEn: 'Longdong Scenic Area',
		coords: blob(117.112, 36.6055, 0.012, 0.0065, [0.06, -0.1, 0.04, 0.09, -0.05, 0.02])
	},
	{
		kind: 'park',
		name: '泉城公园',
		nameEn: 'Quancheng Park',
		coords: blob(117.0615, 36.6555, 0.0035, 0.002, [0.05, -0.05])
	}
];

/** Places where cases pile up (markets, old-town lanes, transport hubs): [lon, lat, strength]. */
export const HOT_SPOTS: readonly { name: string; lon: number; lat: number; strength: number }[] = [
	{ name: '芙蓉街', lon: 117.0236, lat: 36.6668, strength: 3 },
	{ name: '宽厚里', lon: 117.0262, lat: 36.6605, strength: 2 },
	{ name: '曲水亭街', lon: 117.0241, lat: 36.6689, strength: 1.5 },
	{ name: '山大路早市', lon: 117.0598, lat: 36.6735, strength: 2 },
	{ name: '甸柳庄市场', lon: 117.0788, lat: 36.6588, strength: 2.5 },
	{ name: '燕山立交桥', lon: 117.0866, lat: 36.6508, strength: 1.5 },
	{ name: '姚家农贸市场', lon: 117.1045, lat: 36.6562, strength: 2 },
	{ name: '汉峪金谷', lon: 117.1545, lat: 36.6745, strength: 1 }
];

/** The old-town core where density and ageing peak (north-west of the district). */
export const OLD_TOWN = { lon: 117.032, lat: 36.668 } as const;
