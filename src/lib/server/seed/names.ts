/**
 * Fake personal data for the demo: obviously invented names, and phone numbers in the
 * 138-0000-xxxx block, which nobody mistakes for a real subscriber's.
 */
import type { Rng } from './prng';

const SURNAMES =
	'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文';
const GIVEN =
	'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽';

const SURNAME_LIST = [...SURNAMES];

/** A plausible, invented Chinese name of 2–3 characters. */
export function fakeName(r: Rng): string {
	const s = r.pick(SURNAME_LIST);
	const g = r.chance(0.6) ? r.chars(2, GIVEN) : r.chars(1, GIVEN);
	return s + g;
}

/** A phone number in the 138-0000 block (clearly fake). */
export function fakePhone(r: Rng): string {
	return `1380000${r.chars(4, '0123456789')}`;
}

const BUILDING_PARTS = ['号楼', '栋'];

/** A home address inside a community: building, unit, flat. */
export function fakeHomeAddress(r: Rng, subdistrict: string, community: string): string {
	const building = r.int(1, 28);
	const unit = r.int(1, 4);
	const floor = r.int(1, 7);
	const flat = r.int(1, 2);
	return `济南市历下区${subdistrict}${community}${building}${r.pick(BUILDING_PARTS)}${unit}单元${floor}0${flat}室`;
}
