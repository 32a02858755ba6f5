import type { PlaceSetting } from './fuyang-places';
import type { Rng } from './prng';

export const APPEAL_TYPES = ['投诉', '求助', '咨询', '建议', '举报', '表扬'] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];

export interface AppealTemplate {
  topic: string;
  /** Only types whose opener verb fits the body, so the text stays grammatical. */
  types: readonly AppealType[];
  setting: PlaceSetting;
  urgentRate: number;
  title: string;
  /**
   * Text after the opener (市民来电反映：…). `at` is the place as the operator wrote it, or null
   * when the caller gave none; then the body must name no place at all.
   */
  body(at: string | null, r: Rng): string;
}

/** Hand-written after the style of published 12345 work orders; every place comes from `at`. */
export const APPEAL_TEMPLATES: readonly AppealTemplate[] = [
  {
    topic: '物业服务',
    types: ['投诉'],
    setting: 'community',
    urgentRate: 0.05,
    title: '小区物业服务不到位',
    body: (at, r) =>
      `${at ?? '其居住的小区'}物业服务不到位，楼道垃圾${r.int(3, 10)}天无人清理，` +
      `${r.pick(['电梯经常停运', '地下车库照明损坏', '门禁长期损坏', '绿化带杂草丛生'])}，业主多次找物业均被推诿。` +
      '诉求：请相关部门督促物业公司整改。',
  },
  {
    topic: '拖欠工资',
    types: ['投诉', '求助'],
    setting: 'any',
    urgentRate: 0.15,
    title: '拖欠农民工工资',
    body: (at, r) =>
      `其在${at ?? ''}${r.pick(['某建筑工地', '某装修公司', '某物流公司', '某服装厂'])}务工，` +
      `${r.pick(['老板', '项目负责人', '包工头'])}拖欠其及${r.int(2, 15)}名工友工资约${r.int(2, 30) * 1000}元，` +
      `已拖欠${r.int(2, 8)}个月，多次讨要无果。诉求：请劳动监察部门介入追讨欠薪。`,
  },
  {
    topic: '夜间施工噪音',
    types: ['投诉'],
    setting: 'road',
    urgentRate: 0.1,
    title: '夜间施工噪音扰民',
    body: (at, r) =>
      `${at ?? '其居住地附近'}有工地每天夜间施工至${r.pick(['23点', '凌晨1点', '凌晨2点'])}，` +
      `${r.pick(['打桩机', '渣土车', '切割机'])}噪音很大，严重影响周边居民休息。` +
      '诉求：请相关部门核实是否办理夜间施工许可并依法处理。',
  },
  {
    topic: '占道经营',
    types: ['投诉'],
    setting: 'road',
    urgentRate: 0.03,
    title: '流动摊贩占道经营',
    body: (at, r) =>
      `${at ?? '其居住小区门口'}${r.pick(['每天早晚', '傍晚以后', '节假日'])}有大量流动摊贩占道经营，` +
      `${r.pick(['堵塞交通', '油污满地', '垃圾随处丢弃'])}，行人车辆通行困难。诉求：请城管部门加强管理，规范经营秩序。`,
  },
  {
    topic: '违章停车',
    types: ['投诉', '举报'],
    setting: 'road',
    urgentRate: 0.05,
    title: '车辆乱停乱放堵塞通道',
    body: (at, r) =>
      `${at ?? '其所住小区附近'}长期有车辆乱停乱放，${r.pick(['占用消防通道', '堵住小区出入口', '占用人行道和盲道'])}，` +
      '存在安全隐患。诉求：请交警部门加强巡查，对违停车辆依法处理。',
  },
  {
    topic: '食品安全',
    types: ['投诉', '举报'],
    setting: 'road',
    urgentRate: 0.2,
    title: '餐馆食品卫生问题',
    body: (at, r) =>
      `其${r.pick(['昨日', '前日', '近日'])}在${at ? `${at}一家` : '一家'}${r.pick(['快餐店', '烧烤店', '面馆', '早餐店'])}` +
      '就餐后出现腹泻呕吐，怀疑食材不新鲜，店内后厨卫生脏乱。诉求：请市场监管部门对该店进行检查，并协调赔偿医疗费用。',
  },
  {
    topic: '教育收费',
    types: ['投诉'],
    setting: 'any',
    urgentRate: 0.03,
    title: '学校违规收取费用',
    body: (at, r) =>
      `${at ? `${at}附近的` : ''}${r.pick(['某小学', '某初级中学', '某民办幼儿园'])}以` +
      `${r.pick(['资料费', '课后服务费', '校服费'])}名义向学生收取每人${r.int(2, 12) * 50}元，未出示收费依据。` +
      '诉求：请教育部门核实收费是否合规，违规的予以退还。',
  },
  {
    topic: '医保报销',
    types: ['咨询'],
    setting: 'any',
    urgentRate: 0,
    title: '咨询异地就医医保报销',
    body: (at, r) =>
      `其${at ? `户籍在${at}，` : ''}家人在外省住院治疗，花费约${r.int(2, 20)}万元，` +
      '想了解异地就医备案手续及城乡居民医保报销比例。诉求：请医保部门告知办理流程和所需材料。',
  },
  {
    topic: '公交线路',
    types: ['建议'],
    setting: 'road',
    urgentRate: 0,
    title: '增设公交线路站点',
    body: (at, r) =>
      `${at ?? '其居住的片区'}周边居民较多，最近的公交站点需步行约${r.int(15, 40)}分钟，老人孩子出行很不方便。` +
      `诉求：建议公交公司调整${r.int(1, 60)}路公交线路或增设站点。`,
  },
  {
    topic: '停水',
    types: ['投诉', '求助'],
    setting: 'community',
    urgentRate: 0.35,
    title: '小区突然停水',
    body: (at, r) =>
      `${at ?? '其居住的小区'}从${r.pick(['今天早上', '昨天下午', '昨晚'])}开始停水，事先未接到任何通知，` +
      `至今已${r.int(6, 30)}小时未恢复，居民生活受到严重影响。诉求：请供水企业尽快查明原因恢复供水。`,
  },
  {
    topic: '停电',
    types: ['求助'],
    setting: 'community',
    urgentRate: 0.35,
    title: '频繁停电',
    body: (at, r) =>
      `${at ?? '其居住地'}近一周频繁停电，${r.pick(['今天又停了', '昨晚停电至今'])}，` +
      `${r.pick(['家中有老人需用制氧机', '冰箱食物已变质', '孩子无法上网课'])}。诉求：请供电公司尽快抢修，并说明停电原因。`,
  },
  {
    topic: '燃气',
    types: ['求助'],
    setting: 'community',
    urgentRate: 0.5,
    title: '燃气管道疑似泄漏',
    body: (at, r) =>
      `${at ?? '其居住楼栋'}楼道内有明显燃气味，已持续${r.int(1, 3)}天，居民担心发生危险，` +
      '联系燃气公司后一直未上门。诉求：请燃气公司立即派人检修，排除安全隐患。',
  },
  {
    topic: '养老金',
    types: ['咨询'],
    setting: 'any',
    urgentRate: 0,
    title: '咨询养老金领取问题',
    body: (at, r) =>
      `其${r.pick(['父亲', '母亲', '本人'])}今年已满60周岁，${at ? `户籍在${at}，` : ''}` +
      `缴纳城乡居民养老保险${r.int(8, 15)}年，想了解每月养老金如何计算、何时开始发放。诉求：请社保部门予以解答。`,
  },
  {
    topic: '路灯不亮',
    types: ['投诉', '求助'],
    setting: 'road',
    urgentRate: 0.05,
    title: '路灯不亮',
    body: (at, r) =>
      `${at ?? '其居住地附近'}一带有${r.int(5, 20)}盏路灯已损坏${r.pick(['一个多月', '半个月', '两个多月'])}，` +
      '夜间漆黑一片，行人和电动车出行存在安全隐患。诉求：请相关部门尽快维修路灯。',
  },
  {
    topic: '垃圾清运',
    types: ['投诉'],
    setting: 'community',
    urgentRate: 0.05,
    title: '生活垃圾清运不及时',
    body: (at, r) =>
      `${at ?? '其居住小区'}的垃圾桶已${r.int(3, 7)}天无人清运，垃圾堆积如山，气味刺鼻，蚊蝇滋生。` +
      '诉求：请环卫部门尽快清运，并保证日常清运频次。',
  },
  {
    topic: '排水积水',
    types: ['求助'],
    setting: 'road',
    urgentRate: 0.3,
    title: '道路积水排水不畅',
    body: (at, r) =>
      `${at ?? '其居住地附近'}一下雨就严重积水，最深处没过膝盖，${r.pick(['雨水井堵塞', '排水管道老化', '下水道返水'])}，` +
      '车辆和行人无法通行。诉求：请相关部门疏通排水管网，彻底解决积水问题。',
  },
  {
    topic: '违建',
    types: ['举报'],
    setting: 'community',
    urgentRate: 0.05,
    title: '小区内私搭乱建',
    body: (at, r) =>
      `${at ?? '其居住小区'}有业主在${r.pick(['楼顶', '一楼院内', '公共绿地上'])}私自搭建` +
      `${r.pick(['彩钢房', '阳光房', '砖混房屋'])}，面积约${r.int(10, 80)}平方米，影响其他住户采光和通行。` +
      '诉求：请执法部门核实并依法拆除。',
  },
  {
    topic: '供暖',
    types: ['投诉'],
    setting: 'community',
    urgentRate: 0.1,
    title: '供暖温度不达标',
    body: (at, r) =>
      `${at ?? '其居住小区'}已缴纳供暖费，但入冬以来室内温度只有${r.int(10, 15)}度左右，多次向供热公司反映无人处理。` +
      '诉求：请相关部门督促供热单位排查管线，保证室温达标。',
  },
  {
    topic: '房屋办证',
    types: ['投诉'],
    setting: 'community',
    urgentRate: 0.03,
    title: '购房多年无法办理不动产证',
    body: (at, r) =>
      `其于${r.int(2018, 2022)}年购买${at ? `${at}的` : ''}商品房，已交清全部房款，开发商至今未办理不动产权证，` +
      '孩子上学落户受影响。诉求：请住建部门督促开发商尽快办证。',
  },
  {
    topic: '广场舞噪音',
    types: ['投诉'],
    setting: 'community',
    urgentRate: 0.02,
    title: '广场舞音响噪音扰民',
    body: (at, r) =>
      `${at ?? '其居住小区'}附近广场每天${r.pick(['早上6点', '晚上7点到10点'])}都有人跳广场舞，` +
      '音响声音很大，老人和学生无法休息，与其沟通无效。诉求：请相关部门协调，控制音量和时间。',
  },
  {
    topic: '油烟',
    types: ['投诉'],
    setting: 'road',
    urgentRate: 0.03,
    title: '餐饮店油烟扰民',
    body: (at, r) =>
      `${at ?? '其居住楼下'}的${r.pick(['烧烤店', '饭店', '小吃店'])}未安装油烟净化设施，油烟直接排到居民楼，` +
      '住户不敢开窗。诉求：请相关部门督促商户安装油烟净化器。',
  },
  {
    topic: '校外培训',
    types: ['举报'],
    setting: 'any',
    urgentRate: 0.03,
    title: '校外培训机构违规办学',
    body: (at, r) =>
      `${at ? `${at}有` : '有'}一家培训机构在${r.pick(['周末', '寒假期间', '工作日晚上'])}为中小学生开展学科类培训，` +
      `一次性预收学费${r.int(3, 12) * 1000}元。诉求：请教育部门核查该机构办学资质并依法处理。`,
  },
  {
    topic: '出租车拒载',
    types: ['投诉'],
    setting: 'road',
    urgentRate: 0.02,
    title: '出租车拒载议价',
    body: (at, r) =>
      `其${r.pick(['昨晚', '今天上午', '前天'])}在${at ?? '路边'}打车，出租车司机` +
      `${r.pick(['嫌路程近拒载', '不打表要求一口价', '中途甩客'])}，态度恶劣，已记下车牌号。` +
      '诉求：请交通运输部门核实并处理该司机。',
  },
  {
    topic: '医院服务',
    types: ['投诉'],
    setting: 'any',
    urgentRate: 0.05,
    title: '医院服务态度差',
    body: (at, r) =>
      `其${r.pick(['带孩子', '陪老人', '本人'])}到${at ? `${at}附近一家` : '一家'}` +
      `${r.pick(['医院', '乡镇卫生院', '社区卫生服务中心'])}就诊，排队${r.int(2, 4)}小时，医生问诊不到两分钟，` +
      `${r.pick(['护士态度恶劣', '收费项目不清楚', '检查重复开单'])}。诉求：请卫健部门调查并改进服务。`,
  },
  {
    topic: '农村道路',
    types: ['投诉', '求助'],
    setting: 'rural',
    urgentRate: 0.05,
    title: '村内道路破损',
    body: (at, r) =>
      `${at ?? '其所在村'}的水泥路破损严重，坑洼不平，${r.pick(['下雨后泥泞不堪', '学生上学经常摔倒', '农用车无法通行'])}，` +
      '村民多次向村里反映未解决。诉求：请相关部门尽快修复道路。',
  },
  {
    topic: '秸秆焚烧',
    types: ['举报'],
    setting: 'rural',
    urgentRate: 0.3,
    title: '焚烧秸秆',
    body: (at, r) =>
      `${at ?? '其所在村'}附近田地里有人焚烧秸秆，浓烟很大，` +
      `${r.pick(['影响道路行车视线', '居民家中无法晾晒衣物', '周边居民呼吸困难'])}。诉求：请相关部门立即到场处置。`,
  },
  {
    topic: '低保申请',
    types: ['求助'],
    setting: 'rural',
    urgentRate: 0.05,
    title: '申请低保未获答复',
    body: (at, r) =>
      `其${r.pick(['丈夫因病去世', '身患残疾', '家中老人长期卧床'])}，家庭生活困难，到${at ?? '所在村（社区）'}申请低保，` +
      '工作人员称不符合条件但未说明理由。诉求：请民政部门核实其家庭情况并答复。',
  },
  {
    topic: '户籍办理',
    types: ['咨询'],
    setting: 'community',
    urgentRate: 0,
    title: '咨询户口迁移办理',
    body: (at, r) =>
      `其${r.pick(['结婚后', '购房后', '大学毕业后'])}想将户口迁入${at ?? '现居住地'}，` +
      '想了解需要准备哪些材料、能否网上办理以及多长时间能办好。诉求：请公安部门予以解答。',
  },
  {
    topic: '宠物扰民',
    types: ['投诉'],
    setting: 'community',
    urgentRate: 0.03,
    title: '邻居饲养犬只扰民',
    body: (at, r) =>
      `${at ?? '其居住楼栋'}有住户饲养${r.pick(['大型犬', '多只犬只'])}，` +
      `${r.pick(['夜间狂叫不止', '遛狗不牵绳', '狗粪随处可见'])}，曾有小孩被吓到，与其沟通无效。` +
      '诉求：请相关部门依法规范养犬行为。',
  },
  {
    topic: '消费维权',
    types: ['投诉'],
    setting: 'any',
    urgentRate: 0.02,
    title: '预付卡商家停业退费难',
    body: (at, r) =>
      `其在${at ? `${at}的` : ''}一家${r.pick(['健身房', '美容店', '理发店', '游泳馆'])}办理预付卡` +
      `${r.int(2, 50) * 100}元，现商家关门停业，联系不上负责人，余额无法退还。诉求：请市场监管部门协助维权。`,
  },
  {
    topic: '充电设施',
    types: ['建议'],
    setting: 'community',
    urgentRate: 0,
    title: '增设电动车充电桩',
    body: (at) =>
      `${at ?? '其居住小区'}电动车较多，但没有集中充电设施，不少居民私拉电线充电，存在火灾隐患。` +
      '诉求：建议相关部门协调增设电动车充电桩。',
  },
  {
    topic: '表扬',
    types: ['表扬'],
    setting: 'road',
    urgentRate: 0,
    title: '工作人员热心服务',
    body: (at, r) =>
      `其${r.pick(['前几天', '上周', '日前'])}到${at ?? ''}${r.pick(['便民服务中心', '派出所户籍窗口', '社区服务站'])}办事，` +
      `工作人员${r.pick(['耐心细致', '主动帮忙', '加班为其办理'])}，问题很快得到解决。希望对该工作人员提出表扬。`,
  },
];

/** The word after 市民来电… that matches the appeal type. */
export const OPENER_VERB: Readonly<Record<AppealType, string>> = {
  投诉: '反映',
  求助: '反映',
  咨询: '咨询',
  建议: '建议',
  举报: '举报',
  表扬: '表扬',
};
