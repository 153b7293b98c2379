import type { Rng } from './random';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '郑'];
const GIVEN = [
	'建国', '秀英', '桂兰', '志强', '海燕', '丽华', '德明', '玉兰', '俊杰', '淑芬',
	'文斌', '红梅', '国庆', '春华', '立新', '晓东', '静', '敏', '磊', '伟', '凤英', '永刚'
];

/** A plausible Chinese personal name, different from every name in `taken`. */
export function personName(rng: Rng, taken: Set<string>): string {
	for (;;) {
		const name = rng.pick(SURNAMES) + rng.pick(GIVEN);
		if (!taken.has(name)) {
			taken.add(name);
			return name;
		}
	}
}

const SHOP_PREFIXES = [
	'鑫源', '佳美', '惠民', '福来', '金鼎', '顺心', '利民', '兴旺', '永安', '和美',
	'家和', '百佳', '晨光', '安康', '同福', '聚源', '好邻居', '乐家', '学府', '清华东'
];

/** What an unnamed shop of each OSM `shop` value is called on its sign. */
const SHOP_SUFFIX: Record<string, readonly string[]> = {
	convenience: ['便利店', '超市', '小卖部'],
	supermarket: ['超市'],
	bakery: ['面包坊', '烘焙'],
	confectionery: ['糕点铺'],
	greengrocer: ['果蔬店'],
	alcohol: ['烟酒行'],
	butcher: ['鲜肉店'],
	hairdresser: ['美发', '理发店'],
	beauty: ['美容院'],
	clothes: ['服饰', '服装店'],
	kiosk: ['报刊亭', '便民亭'],
	motorcycle: ['电动车行', '摩托车行'],
	bicycle: ['自行车行'],
	florist: ['花店'],
	books: ['书店'],
	gift: ['礼品店'],
	mobile_phone: ['手机店'],
	mall: ['商厦'],
	laundry: ['洗衣店'],
	optician: ['眼镜店']
};

export function shopName(rng: Rng, shop: string, taken: Set<string>): string {
	const suffixes = SHOP_SUFFIX[shop] ?? ['商店'];
	for (;;) {
		const name = rng.pick(SHOP_PREFIXES) + rng.pick(suffixes);
		if (!taken.has(name)) {
			taken.add(name);
			return name;
		}
	}
}
