/**
 * 虚构名称词库：单位、企业、人名、成果名称、说明文字。
 * 地名用词均为虚构（不用辽宁省各市真实地名），与学科/领域/医院类别组合后不对应任何真实机构。
 */
import { weightTable, type Rng } from './rng';

export const PLACES = [
  '辽东', '北辰', '滨海', '东岚', '云岫', '松涛', '青岚', '白鹭', '金穗', '星澜', '雁鸣', '枫林',
  '碧岩', '鹤汀', '溪棠', '朔风', '望潮', '听涛', '明川', '瀚北', '溟东', '澜屿', '沧屿', '曦城',
  '霁川', '岫原', '玉衡', '天枢', '瑶光', '启明', '紫岚', '翠岑', '丹枫', '银杉', '云杉', '雪松',
  '晴川', '晓岚', '寒汀', '鲸湾', '蓝湾', '海澜', '汀兰', '芷岸', '鸣沙', '雁栖', '松岑', '梧桐',
  '栖梧', '疏桐', '峻岭', '远岫', '凌峰', '揽月', '观岳', '拂晓', '映雪', '凝翠', '北溟', '南溟',
  '东篱', '苍岚', '青屿', '黛川',
] as const;

const UNIV_DISCIPLINES = [
  '理工', '工业', '科技', '师范', '医科', '农业', '财经', '交通', '海洋', '石油化工', '建筑', '外国语',
  '电力', '信息工程', '轻工', '林业', '水利', '航空', '机电', '化工', '材料', '药科', '中医药', '工程技术', '冶金',
] as const;

/** 研究院所领域，按主管部门分组。 */
export const INSTITUTE_FIELDS = {
  省科技厅: [
    '材料', '化工', '精密机械', '自动化', '光电技术', '海洋装备', '农业科学', '林业科学', '水产科学', '能源',
    '环境科学', '生物技术', '计算技术', '仪器仪表', '稀土功能材料', '催化', '高分子材料', '测绘', '地质',
    '气象科学', '食品科学', '激光技术', '超导', '核技术应用', '纺织',
  ],
  省工业和信息化厅: ['智能制造', '新能源汽车', '电子信息', '软件技术', '机器人', '焊接技术', '铸造', '冶金', '轨道交通', '工业设计', '造纸'],
  省卫生健康委: ['医学', '药物', '中药', '临床检验', '放射医学'],
} as const;

const HOSPITAL_KINDS = [
  '第一医院', '第二医院', '第三医院', '中心医院', '人民医院', '肿瘤医院', '儿童医院', '妇幼保健院', '中医院',
  '中西医结合医院', '传染病医院', '精神卫生中心', '口腔医院', '眼科医院', '康复医院', '心血管病医院', '骨科医院',
  '职业病防治院', '疾病预防控制中心', '血液中心', '结核病医院', '老年病医院', '皮肤病医院', '急救中心',
] as const;

export type UnitType = '高校' | '科研院所' | '医疗卫生机构';

/** 生成一个尚未使用的单位名称。 */
export function unitName(rng: Rng, type: UnitType, field: string | null, used: Set<string>): string {
  for (let attempt = 0; attempt < 200; attempt++) {
    const place = rng.pick(PLACES);
    let name: string;
    if (type === '高校') {
      const suffix = rng.weighted([['大学', 6], ['学院', 3], ['职业技术学院', 1]] as const);
      name = place + rng.pick(UNIV_DISCIPLINES) + suffix;
    } else if (type === '科研院所') {
      name = place + (field ?? '材料') + (rng.chance(0.6) ? '研究所' : '研究院');
    } else {
      name = rng.chance(0.1) ? `${place}医科大学附属第${rng.pick(['一', '二', '三', '四'])}医院` : place + rng.pick(HOSPITAL_KINDS);
    }
    if (!used.has(name)) { used.add(name); return name; }
  }
  // 词库用尽（极大规模时）：加院区序号保证唯一
  for (let k = 2; ; k++) {
    const base = type === '高校' ? `${rng.pick(PLACES)}${rng.pick(UNIV_DISCIPLINES)}大学` : type === '科研院所' ? `${rng.pick(PLACES)}${field ?? '材料'}研究院` : `${rng.pick(PLACES)}${rng.pick(HOSPITAL_KINDS)}`;
    const name = `${base}（第${k}院区）`;
    if (!used.has(name)) { used.add(name); return name; }
  }
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宇浩然晨阳博文思雨欣怡子涵俊峰海燕立新振东晓光德明春梅秋菊冬雪婷婷佳琪嘉豪天翊宏伟国庆永刚红梅丹丹亮亮';

export function personName(rng: Rng): string {
  const s = SURNAMES[rng.int(0, SURNAMES.length - 1)]!;
  const n = rng.chance(0.7) ? 2 : 1;
  let g = '';
  for (let i = 0; i < n; i++) g += GIVEN[rng.int(0, GIVEN.length - 1)]!;
  return s + g;
}

/** 完成人（团队）：1–5 人，或“某某团队”“某某等”。 */
const TEAM_SIZE = weightTable([[1, 2], [2, 3], [3, 3], [4, 2], [5, 1]]);

export function inventors(rng: Rng): string {
  const k = rng.from(TEAM_SIZE);
  const names: string[] = [];
  for (let i = 0; i < k; i++) names.push(personName(rng));
  const r = rng.next();
  if (r < 0.08) return `${names[0]}团队`;
  if (r < 0.15 && k > 1) return `${names[0]}等`;
  return names.join('、');
}

const COMPANY_HEAD = '瑞启鼎锐拓晟澜翰骏铭睿弘皓昱禾沐泓嘉恒泰华盛宏远航岳峻';
const COMPANY_TAIL = '芯科智源达新联创辰峰途测材宇衡诺信成博润';
const INDUSTRIES = ['科技', '智能科技', '新材料', '生物医药', '精密制造', '信息技术', '医疗器械', '化工', '能源科技', '环保科技', '农业科技', '装备制造', '电子', '软件', '检测技术'] as const;

export type AssigneeType = '国有全资企业' | '非国有企业' | '中小微企业' | '其他';

export function companyName(rng: Rng, type: AssigneeType): string {
  const place = rng.pick(PLACES);
  const brand = COMPANY_HEAD[rng.int(0, COMPANY_HEAD.length - 1)]! + COMPANY_TAIL[rng.int(0, COMPANY_TAIL.length - 1)]!;
  const ind = rng.pick(INDUSTRIES);
  switch (type) {
    case '国有全资企业':
      return rng.chance(0.5) ? `${place}国有资本投资运营有限公司` : `${place}${ind}集团有限公司`;
    case '其他':
      return rng.pick([`${place}${brand}${ind}研究中心（有限合伙）`, `${place}市${brand}农业专业合作社`, `${place}${brand}${ind}工作室`]);
    case '中小微企业':
      return `${place}${brand}${ind}有限公司`;
    default:
      return `${place}${brand}${ind}${rng.pick(['有限公司', '股份有限公司', '有限责任公司'])}`;
  }
}

const ADJ = ['高强度', '耐腐蚀', '低能耗', '高精度', '可降解', '轻量化', '耐高温', '高效', '智能', '便携式', '多功能', '柔性', '超细', '纳米', '环保型', '自修复', '低成本'];
const OBJECTS = [
  '铝合金板材', '镁合金构件', '碳纤维复合材料', '锂离子电池正极材料', '钢轨', '齿轮箱', '液压阀', '催化剂', '防腐涂层',
  '压力传感器', '光纤', '水处理剂', '陶瓷膜', '石墨烯薄膜', '轴承', '风电叶片', '焊丝', '稀土永磁体', '聚氨酯泡沫',
  '硅基负极材料', '变压器油', '钛合金', '工业机器人关节', '减速器', '农用无人机', '海参育苗设备', '秸秆饲料',
];
const MED_OBJECTS = ['医用敷料', '骨科植入物', '检测试剂盒', '中药提取物', '导管', '康复训练器', '超声探头', '病理切片染色液', '口腔修复材料', '人工晶状体'];
const PROCESS = ['制备方法', '检测方法', '加工工艺', '回收方法', '提纯方法', '成型方法', '焊接方法', '表面处理方法'];
const DEVICE = ['检测装置', '控制系统', '在线监测装置', '自动化生产线', '清洗装置', '定位装置'];
const TECH = ['深度学习', '机器视觉', '物联网', '数字孪生', '大数据', '边缘计算', '知识图谱', '北斗定位'];
const DOMAINS = ['医院', '智慧校园', '工业设备', '电网', '仓储物流', '农田', '港口', '矿山', '轨道交通', '冷链', '社区养老', '实验室'];
const SOFT = ['管理系统', '监测平台', '调度系统', '分析软件', '辅助诊断系统', '运维平台', '预警系统'];
const CHIPS = ['低功耗蓝牙SoC', '电源管理', '图像传感器读出', '高速ADC', '电机驱动', 'MEMS陀螺仪接口'];
const CROPS = ['玉米', '水稻', '大豆', '花生', '苹果', '草莓', '蓝莓', '榛子', '高粱', '甜瓜'];
const DRUGS = ['重组人源化单克隆抗体', '缓释注射液', '冻干粉针', '纳米脂质体', '新型疫苗', '中药颗粒'];

export function achievementTitle(rng: Rng, type: string, medical: boolean): string {
  const obj = medical && rng.chance(0.7) ? rng.pick(MED_OBJECTS) : rng.pick(OBJECTS);
  switch (type) {
    case '专利权':
    case '专利申请权': {
      const r = rng.next();
      if (r < 0.35) return `一种${rng.pick(ADJ)}${obj}及其${rng.pick(PROCESS)}`;
      if (r < 0.6) return `一种${obj}的${rng.pick(PROCESS)}`;
      if (r < 0.8) return `${obj}${rng.pick(DEVICE)}`;
      return `基于${rng.pick(TECH)}的${obj}${rng.pick(DEVICE)}`;
    }
    case '计算机软件著作权':
      return `${rng.pick(DOMAINS)}${rng.pick(TECH)}${rng.pick(SOFT)}V${rng.int(1, 3)}.${rng.int(0, 9)}`;
    case '集成电路布图设计专有权':
      return `${rng.pick(CHIPS)}芯片布图设计`;
    case '植物新品种权':
      return `${rng.pick(PLACES)}${rng.pick(CROPS)}${rng.int(1, 36)}号`;
    case '生物医药新品种':
      return `${rng.pick(['抗肿瘤', '降糖', '抗感染', '抗炎', '神经保护'])}${rng.pick(DRUGS)}`;
    case '技术秘密':
    case '专有技术':
      return `${obj}${rng.pick(['生产工艺', '关键工艺参数', '质量控制技术', '配料技术'])}`;
    case '配方':
      return `${obj}${rng.pick(['配方', '组合物配方', '复配配方'])}`;
    default:
      return `${obj}${rng.pick(['应用技术方案', '集成技术', '试验数据集'])}`;
  }
}

export const REPORT_PROBLEMS = [
  '技术转移专业人才不足，专职人员偏少',
  '成果成熟度不高，多数停留在实验室阶段',
  '中试熟化资金缺乏，概念验证平台尚未建立',
  '成果定价缺乏参考，担心国有资产流失',
  '赋权改革配套制度尚不完善，内部流程较长',
  '企业承接能力弱，本地转化比例偏低',
  '尽职免责认定标准不明确，科研人员顾虑较多',
  '单列管理台账刚刚建立，历史数据仍在清理',
  '先用后付成果池发布渠道有限，企业关注度不高',
  '横向结余经费出资转化的财务处理口径不清',
];

export const REPORT_SUGGESTIONS = [
  '建议省级层面出台成果评估定价指引',
  '建议加大概念验证和中试平台建设支持力度',
  '建议将技术经理人纳入职称评审序列',
  '建议建立全省统一的成果转化信息平台',
  '建议明确尽职免责的认定程序和负面清单',
  '建议对先用后付许可给予保险补贴',
  '建议简化作价投资的审批备案手续',
  '建议加强与高新区、示范区的对接合作',
];
