/**
 * Recognising columns by their header, in English and Chinese: coordinates (经度/纬度, lon/lat,
 * x/y), a WKT geometry column, and the names people give common attributes.
 */
const norm = (s: string) => s.trim().toLowerCase().replace(/[\s_\-()（）]/g, '');

const LON = ['lon', 'lng', 'long', 'longitude', 'x', '经度', '东经', 'lonwgs84', 'lngwgs84', 'wgs84lon', 'wgs84lng', '经度wgs84', 'gcjlon', 'gcjlng', 'bdlon', 'bdlng'];
const LAT = ['lat', 'latitude', 'y', '纬度', '北纬', 'latwgs84', 'wgs84lat', '纬度wgs84', 'gcjlat', 'bdlat'];
const WKT = ['wkt', 'geometry', 'geom', 'thegeom', 'shape', 'geometrywkt', '几何', '坐标wkt', '空间数据'];

export interface CoordinateColumns {
	lon?: string;
	lat?: string;
	wkt?: string;
}

export function findCoordinateColumns(columns: readonly string[]): CoordinateColumns {
	const find = (names: string[]) => columns.find((c) => names.includes(norm(c)));
	const lon = find(LON);
	const lat = find(LAT);
	const wkt = find(WKT);
	return { ...(lon && lat ? { lon, lat } : {}), ...(wkt ? { wkt } : {}) };
}

/** Other words for our field keys, as they appear in spreadsheet headers. */
export const FIELD_SYNONYMS: Readonly<Record<string, readonly string[]>> = {
	name: ['name', 'title', '名称', '名字', '点位名称', '设施名称', '店名', '商铺名称'],
	description: ['description', 'desc', 'note', 'notes', 'remark', 'remarks', 'comment', '说明', '备注', '描述'],
	status: ['status', 'state', '状态'],
	binType: ['type', 'bintype', '类型', '种类', '垃圾桶类型'],
	pointType: ['type', 'pointtype', '类型'],
	drainType: ['type', 'draintype', '类型'],
	boardType: ['type', 'boardtype', '类型'],
	category: ['category', 'type', '类别', '类型', '行业'],
	capacityL: ['capacity', 'capacityl', 'volume', '容量', '容积'],
	capacityT: ['capacity', 'capacityt', 'tonnage', '容量', '吨位'],
	installedAt: ['installed', 'installedat', 'installdate', '设置日期', '安装日期'],
	roadClass: ['roadclass', 'class', '道路等级', '等级'],
	surface: ['surface', '路面', '路面材质'],
	hardened: ['hardened', 'paved', '已硬化', '是否硬化', '硬化'],
	widthM: ['width', 'widthm', '宽度', '路宽'],
	responsible: ['responsible', 'manager', 'owner', '责任人', '负责人'],
	population: ['population', 'pop', '人口'],
	households: ['households', '户数'],
	severity: ['severity', '严重程度'],
	lined: ['lined', '已硬化', '是否硬化'],
	condition: ['condition', '状况'],
	enclosed: ['enclosed', '密闭', '是否密闭'],
	areaM2: ['area', 'aream2', '面积'],
	osmId: ['osmid', 'osm_id', 'osm编号']
};

export const normaliseHeader = norm;
